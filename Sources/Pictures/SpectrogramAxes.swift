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
///
/// A cochleagram's rows are its channels, evenly spaced on the ERB-number scale: row r is
/// centred at ERB number `erb(low_lim) + (r + 1 − S)·Δ` (edge filters included, S the sample
/// factor, Δ the band-pass spacing); column t's window starts at `t · stride` samples and is
/// centred `window_size / 2` samples later.
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
        if let c = parameters.cochleagram {
            return fromSource(Self.channel(ofHz: hz, c), source: c.channelCount, target: rows)
        }
        let scale = parameters.melScale
        let low = scale.mel(fromHz: parameters.fmin), high = scale.mel(fromHz: parameters.effectiveFmax)
        let step = (high - low) / Double(parameters.nMels + 1)
        let band = (scale.mel(fromHz: hz) - low) / step - 1
        return fromSource(band, source: parameters.nMels, target: rows)
    }

    /// The fractional column whose centre is at `seconds` from the clip's start.
    func column(ofSeconds seconds: Double) -> Double {
        if let c = parameters.cochleagram {
            let frame =
                (seconds * Double(parameters.sampleRate) - Double(c.windowSize) / 2)
                / Double(c.stride(sampleRate: parameters.sampleRate))
            return fromSource(frame, source: frames, target: columns)
        }
        let offset = parameters.center ? 0 : Double(parameters.nFFT / 2)
        let frame = (seconds * Double(parameters.sampleRate) - offset) / Double(parameters.hop)
        return fromSource(frame, source: frames, target: columns)
    }

    /// Seconds covered, from the first to the last column's centre.
    var lastSeconds: Double {
        if let c = parameters.cochleagram {
            let stride = c.stride(sampleRate: parameters.sampleRate)
            return (Double((frames - 1) * stride) + Double(c.windowSize) / 2) / Double(parameters.sampleRate)
        }
        let offset = parameters.center ? 0 : Double(parameters.nFFT / 2)
        return (Double(frames - 1) * Double(parameters.hop) + offset) / Double(parameters.sampleRate)
    }

    /// Lowest and highest band centres in Hz.
    var bandRange: (Double, Double) {
        if let c = parameters.cochleagram {
            let (low, spacing) = Self.erbGrid(c)
            func hz(_ row: Int) -> Double { max(ERBScale.hz(low + Double(row + 1 - c.sampleFactor) * spacing), 0) }
            return (hz(0), hz(c.channelCount - 1))
        }
        let f = parameters.melScale.frequencies(
            count: parameters.nMels + 2, fmin: parameters.fmin, fmax: parameters.effectiveFmax)
        return (f[1], f[f.count - 2])
    }

    /// The ERB number of the lowest band-pass edge and the spacing of the channel centres.
    private static func erbGrid(_ c: CochleagramParameters) -> (low: Double, spacing: Double) {
        let low = ERBScale.erb(c.lowLimit)
        return (low, (ERBScale.erb(c.highLimit) - low) / Double(c.bandPassCount + 1))
    }

    /// The fractional cochleagram channel whose centre is at `hz`.
    private static func channel(ofHz hz: Double, _ c: CochleagramParameters) -> Double {
        let (low, spacing) = erbGrid(c)
        return (ERBScale.erb(hz) - low) / spacing - 1 + Double(c.sampleFactor)
    }

    /// Source index i (of `source` samples) in a bilinear resize to `target` samples.
    private func fromSource(_ i: Double, source: Int, target: Int) -> Double {
        source == target ? i : (i + 0.5) * Double(target) / Double(source) - 0.5
    }
}
