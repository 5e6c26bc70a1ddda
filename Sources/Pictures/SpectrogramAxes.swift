import AudioDSP
import FeatureSettings

/// Where a stored matrix's rows and columns sit in frequency and time, so ticks can be placed
/// at true Hz and seconds.
///
/// Row r is mel band r (band 0 lowest), centred at librosa's `mel_frequencies(n_mels + 2)[r + 1]`,
/// so rows are evenly spaced in mel, not in Hz. Column t is STFT frame t, centred at
/// `t · hop / sample_rate` seconds when frames are centred (librosa's default), else at
/// `(t · hop + n_fft / 2) / sample_rate`. After a resize (bilinear, `align_corners=False`), row
/// r of H maps back to band `(r + 0.5) · n_mels / H − 0.5`, and likewise for columns.
struct SpectrogramAxes {
    let parameters: FeatureParameters
    let rows: Int
    let columns: Int
    /// Frames before any resize.
    let frames: Int

    init(parameters: FeatureParameters, rows: Int, columns: Int, clipSamples: Int) {
        self.parameters = parameters
        self.rows = rows
        self.columns = columns
        let computed = parameters.frameCount(forSamples: clipSamples)
        frames = parameters.resize == nil || computed <= 0 ? columns : computed
    }

    /// The fractional row whose centre is at `hz`.
    func row(ofHz hz: Double) -> Double {
        let scale = parameters.melScale
        let low = scale.mel(fromHz: parameters.fmin), high = scale.mel(fromHz: parameters.effectiveFmax)
        let step = (high - low) / Double(parameters.nMels + 1)
        let band = (scale.mel(fromHz: hz) - low) / step - 1
        return fromSource(band, source: parameters.nMels, target: rows)
    }

    /// The fractional column whose centre is at `seconds` from the clip's start.
    func column(ofSeconds seconds: Double) -> Double {
        let offset = parameters.center ? 0 : Double(parameters.nFFT / 2)
        let frame = (seconds * Double(parameters.sampleRate) - offset) / Double(parameters.hop)
        return fromSource(frame, source: frames, target: columns)
    }

    /// Seconds covered, from the first to the last column's centre.
    var lastSeconds: Double {
        let offset = parameters.center ? 0 : Double(parameters.nFFT / 2)
        return (Double(frames - 1) * Double(parameters.hop) + offset) / Double(parameters.sampleRate)
    }

    /// Lowest and highest band centres in Hz.
    var bandRange: (Double, Double) {
        let f = parameters.melScale.frequencies(
            count: parameters.nMels + 2, fmin: parameters.fmin, fmax: parameters.effectiveFmax)
        return (f[1], f[f.count - 2])
    }

    /// Source index i (of `source` samples) in a bilinear resize to `target` samples.
    private func fromSource(_ i: Double, source: Int, target: Int) -> Double {
        source == target ? i : (i + 0.5) * Double(target) / Double(source) - 0.5
    }
}
