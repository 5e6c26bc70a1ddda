/// `(x − mean) / std` per band, in float32, from the card's train statistics.
///
/// The card keeps its statistics in float64; they are rounded to float32 once, and the
/// arithmetic is float32 subtraction then division, as `(x.float() - mean) / std` with float32
/// tensors in PyTorch, so a batch equals what the snippet in docs/shards.md gives bit for bit.
/// A band whose standard deviation is 0 (constant over the train split, such as padding) is
/// only centred, instead of becoming NaN.
struct Standardiser: Sendable {
    let bands: Int
    let mean: [Float]
    let std: [Float]
    let enabled: Bool

    init(_ normalisation: LoaderOptions.Normalisation, card: DatasetCard, output: String) throws(DataError) {
        bands = card.features.shape[0]
        guard normalisation != .none else {
            (mean, std, enabled) = ([Float](repeating: 0, count: bands), [Float](repeating: 1, count: bands), false)
            return
        }
        guard let statistics = card.normalisation else {
            throw DataError(
                .invalidOption, path: output + "/" + DatasetCard.fileName,
                problem: "no normalisation statistics (the build has no train shard)",
                fix: "train with normalisation \"none\", or build a train split")
        }
        let means: [Double]
        let stds: [Double]
        switch normalisation {
        case .perBand:
            (means, stds) = (statistics.perBand.mean, statistics.perBand.std)
        default:
            (means, stds) = (
                [Double](repeating: statistics.mean, count: bands), [Double](repeating: statistics.std, count: bands)
            )
        }
        mean = means.map { Float($0) }
        std = stds.map { Float($0) == 0 ? 1 : Float($0) }
        enabled = true
    }
}
