import Train

/// A build's `dataset.json` as `melshard train` reads it: decoded and checked by `DatasetCard.load`.
enum DatasetCardFuzz {
    private static let scratch = FuzzScratch("dataset-card")

    static func run(_ bytes: [UInt8]) -> Bool {
        scratch.write(DatasetCard.fileName, bytes)
        guard let card = try? DatasetCard.load(outputDirectory: scratch.path) else { return false }
        _ = card.labelWidth
        return true
    }
}
