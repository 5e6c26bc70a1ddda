import Train

/// `(x − mean) / std` per row of the network's input, in float32, as the run's loader applies
/// it: the card's train statistics rounded to float32 once, a standard deviation of 0 replaced
/// by 1, as `Train`'s `Standardiser` (internal to the loader) does. `MetamerStudy` checks every
/// target against the loader's own batch input, so a drift between the two stops a metamer run
/// (`MetamerCommandTests` runs that check on a real build).
public struct InputStandardisation: Sendable, Equatable {
    /// One per row (band) of the stored matrix.
    public let mean: [Float]
    public let std: [Float]

    public init(mean: [Float], std: [Float]) {
        precondition(mean.count == std.count, "one mean and one std per row")
        self.mean = mean
        self.std = std.map { $0 == 0 ? 1 : $0 }
    }

    /// No standardisation: mean 0, std 1 for each of `rows`.
    public static func identity(rows: Int) -> InputStandardisation {
        InputStandardisation(mean: [Float](repeating: 0, count: rows), std: [Float](repeating: 1, count: rows))
    }

    /// The statistics `normalisation` takes from `card`; nil when the card has none to give.
    public static func of(card: DatasetCard, normalisation: LoaderOptions.Normalisation) -> InputStandardisation? {
        let rows = card.features.shape[0]
        guard normalisation != .none else { return .identity(rows: rows) }
        guard let statistics = card.normalisation else { return nil }
        switch normalisation {
        case .perBand:
            return InputStandardisation(
                mean: statistics.perBand.mean.map { Float($0) }, std: statistics.perBand.std.map { Float($0) })
        default:
            return InputStandardisation(
                mean: [Float](repeating: Float(statistics.mean), count: rows),
                std: [Float](repeating: Float(statistics.std), count: rows))
        }
    }
}
