/// The fuzz targets, one per parser of a file users share. Each target's `run` is the whole
/// entry point: the libFuzzer executables in `Fuzz/Targets/<name>` call it on every input, and
/// `Fuzz/Sources/Regression` calls it, without sanitizers, on every committed seed and crash.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A recipe file: the TOML parser, then `RecipeLoader` on what parses.
    case recipe
    /// A corpus manifest of one of the corpus kinds, chosen by the input's first byte.
    case manifest
    /// A safetensors file: the header parser, then every tensor it declares.
    case safetensors
    /// A build's `dataset.json`, as training reads it.
    case datasetCard = "dataset-card"

    /// Feeds `bytes` to the target's parser. True when the input was accepted as a valid file of
    /// its kind (seeds are real files, so they all are); false when it was refused with an error.
    /// Neither is a failure: a fuzzing failure is a crash, a hang or a sanitizer report.
    @discardableResult
    public func run(_ bytes: [UInt8]) -> Bool {
        switch self {
        case .recipe: RecipeFuzz.run(bytes)
        case .manifest: ManifestFuzz.run(bytes)
        case .safetensors: SafetensorsFuzz.run(bytes)
        case .datasetCard: DatasetCardFuzz.run(bytes)
        }
    }
}
