import FeatureSettings
import Foundation
import MelshardCore

/// Stored mel features back to audio, as `librosa.feature.inverse.mel_to_audio` does from a mel
/// power spectrogram: undo the resize and the scaling, optionally mask, invert the mel
/// filterbank by non-negative least squares (`NonNegativeLeastSquares`, `mel_to_stft`), take the
/// `1 / power` root, and run Griffin-Lim (`GriffinLim`).
///
/// Undoing, in this order (docs/auralisation.md):
/// 1. **Resize**: a matrix resized to `resize = H×W` is resized back, bilinearly
///    (`align_corners = False`, as the forward resize), to `n_mels × frames`, frames being
///    `frameCount(clipSamples)`; detail lost by shrinking stays lost.
/// 2. **Scaling**: dB → power as `librosa.db_to_power`, `ref · 10^(x/10)` (`db_ref = "max"` was
///    relative to a maximum no longer known: power relative to it, `ref = 1`); values floored by
///    `top_db` or `db_amin` stay at the floor's power. `log1p`: `(e^x − 1) / C`; `log`:
///    `max(e^x − ε, 0)`; `none`: as stored.
/// 3. **Mask** (a filter's or class's activation, one value in [0, 1] per stored cell): resized to
///    `n_mels × frames` like the matrix and multiplied into the power, so a cell the filter does
///    not respond to is silent and one it responds to fully keeps its power.
///
/// Shards hold values before the loader's standardisation, so none is undone. Cochleagrams are
/// refused: their filterbank is applied to the analytic signal's envelope, which has no phase to
/// recover.
public enum Auralisation {
    /// The mel power `[n_mels × frames]` that stored features came from, masked by `mask`.
    ///
    /// - Throws: `FeatureError` for cochleagram features or a mask of the wrong size.
    public static func melPower(
        stored: FeatureMatrix, parameters p: FeatureParameters, clipSamples: Int, mask: [Float]? = nil
    ) throws(FeatureError) -> FeatureMatrix {
        guard p.cochleagram == nil else {
            throw FeatureError(
                key: "preset", value: "cochleagram",
                allowed: "mel features: auralisation inverts the mel filterbank and STFT")
        }
        if let mask, mask.count != stored.values.count {
            throw FeatureError(
                key: "mask", value: "\(mask.count) values",
                allowed: "one per stored cell (\(stored.rows) × \(stored.columns))")
        }
        let size = ImageSize(height: p.nMels, width: p.frameCount(forSamples: clipSamples))
        func original(_ matrix: FeatureMatrix) -> FeatureMatrix {
            p.resize == nil || matrix.shape == [size.height, size.width]
                ? matrix : BilinearResize.resize(matrix, to: size)
        }
        let scaled = original(stored)
        let ref: Double =
            switch p.dbRef {
            case .value(let value): value
            case .max: 1
            }
        let linear: (Double) -> Double =
            switch p.scale {
            case .db: { ref * pow(10, $0 / 10) }
            case .log1p: { expm1($0) / p.logMultiplier }
            case .log: { max(exp($0) - p.logOffset, 0) }
            case .none: { max($0, 0) }
            }
        var power = FeatureMatrix(
            rows: scaled.rows, columns: scaled.columns, values: scaled.values.map { Float(linear(Double($0))) })
        if let mask {
            let weights = original(FeatureMatrix(rows: stored.rows, columns: stored.columns, values: mask))
            for i in power.values.indices { power.values[i] *= min(max(weights.values[i], 0), 1) }
        }
        return power
    }

    /// `librosa.feature.inverse.mel_to_stft`: the STFT magnitude `[bins × frames]` (row-major,
    /// float64) whose mel projection is closest to `melPower`, `nnls(mel_basis, M)^(1/power)`.
    public static func magnitude(melPower: FeatureMatrix, parameters p: FeatureParameters) -> [Double] {
        let basis = MelFilterbank(p).weights
        let solver = NonNegativeLeastSquares(a: basis.values.map(Double.init), rows: basis.rows, columns: basis.columns)
        let (x, _) = solver.solve(melPower.values.map(Double.init), columns: melPower.columns)
        return x.map { pow($0, 1 / p.power) }
    }

    /// Stored features as audio at `parameters.sampleRate`: `melPower`, `magnitude`, then
    /// Griffin-Lim with `iterations` (librosa's default 32) from phases drawn with `seed`.
    public static func audio(
        stored: FeatureMatrix, parameters p: FeatureParameters, clipSamples: Int, mask: [Float]? = nil,
        iterations: Int = 32, seed: UInt64 = 0
    ) throws(FeatureError) -> [Float] {
        let mel = try melPower(stored: stored, parameters: p, clipSamples: clipSamples, mask: mask)
        return GriffinLim(p, iterations: iterations, seed: seed)
            .reconstruct(magnitude: magnitude(melPower: mel, parameters: p), frames: mel.columns)
    }
}
