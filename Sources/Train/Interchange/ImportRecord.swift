import MelshardCore

/// `config.json` of a run folder written by `melshard import-weights`: the same `format` and
/// `model` as a trained run's (docs/train.md), and an `imported` block instead of `train` and
/// `dataset`, which an import has none of.
struct ImportRecord: Codable, Equatable {
    struct Imported: Codable, Equatable {
        /// The file as given on the command line, made absolute.
        var file: String
        var sha256: String
        /// Tensors converted to float32 (or counters to int64), by their dtype in the file.
        var converted: [String: Int]
    }

    var format = "melshard-run"
    var formatVersion = 1
    var model: RunRecord.Model
    var imported: Imported
    var melshardVersion = MelshardVersion.current

    enum CodingKeys: String, CodingKey {
        case format, model, imported
        case formatVersion = "format_version", melshardVersion = "melshard_version"
    }

    init(_ weights: WeightImport) {
        let network = weights.network
        model = RunRecord.Model(
            name: network.name, inputShape: network.inputShape, classes: weights.classes,
            parameters: network.parameterCount)
        imported = Imported(file: weights.source, sha256: weights.sourceSHA256, converted: weights.conversions)
    }
}
