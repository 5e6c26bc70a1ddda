import NN
import Train

extension LoadedRun {
    /// One stored clip (`values`, `[bands, frames]` row-major as the shard holds it, float16
    /// widened) as the network's input `[1, 1, bands, frames]`, standardised as the run's loader
    /// does: `(x − mean) / std` in float32 with the card's train statistics (global or per band;
    /// a zero std only centres), or as stored for `normalisation = none`.
    ///
    /// - Throws: `CAMError.inputShape` when the clip is not the network's input size.
    public func input(clip values: [Float], rows: Int, columns: Int) throws(CAMError) -> Tensor {
        guard [1, rows, columns] == network.inputShape, values.count == rows * columns else {
            throw .inputShape(run: folder, clip: [1, rows, columns], network: network.inputShape)
        }
        var x = values
        if normalisation != .none, let statistics = dataset.card.normalisation {
            for r in 0..<rows {
                let (mean, std): (Double, Double) =
                    normalisation == .perBand
                    ? (statistics.perBand.mean[r], statistics.perBand.std[r]) : (statistics.mean, statistics.std)
                let m = Float(mean), s = Float(std) == 0 ? 1 : Float(std)
                for c in 0..<columns { x[r * columns + c] = (x[r * columns + c] - m) / s }
            }
        }
        return Tensor(shape: [1] + network.inputShape, values: x)
    }

    /// The index of class `name` among the run's outputs.
    ///
    /// - Throws: `CAMError.unknownClass` listing the classes.
    public func classIndex(_ name: String) throws(CAMError) -> Int {
        guard let index = dataset.classNames.firstIndex(of: name) else {
            throw .unknownClass(run: folder, name: name, known: dataset.classNames)
        }
        return index
    }

    /// Class `c`'s map on a stored clip, upsampled to the clip's `rows × columns` and min–max
    /// normalised to [0, 1] (`ActivationUpsampling`): what `melshard inspect --cam` draws.
    public func classActivationMap(
        _ maps: ClassActivationMap, clip values: [Float], rows: Int, columns: Int, class c: Int
    ) throws(CAMError) -> [Float] {
        let plane = maps.map(try input(clip: values, rows: rows, columns: columns), class: c)
        return ActivationUpsampling.normalised(
            ActivationUpsampling.bilinear(plane.values, from: (plane.height, plane.width), to: rows, columns))
    }

    /// A filter's activation on a stored clip, upsampled and normalised as a class map: what
    /// `melshard inspect --filter` draws and masks the audio with.
    public func filterActivation(
        _ filter: FilterActivation, clip values: [Float], rows: Int, columns: Int
    ) throws(CAMError) -> [Float] {
        let plane = filter.plane(try input(clip: values, rows: rows, columns: columns))
        return ActivationUpsampling.normalised(
            ActivationUpsampling.bilinear(plane.values, from: (plane.height, plane.width), to: rows, columns))
    }
}
