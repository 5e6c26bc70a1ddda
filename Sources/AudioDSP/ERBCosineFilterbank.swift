import FeatureSettings
import Foundation
import MelshardCore

/// The cochleagram's filters: half-cosine band-pass filters evenly spaced on the ERB-number
/// scale, with low-pass and high-pass edge filters, designed on the real-FFT grid of one signal
/// length, as pycochleagram's and chcochleagram's `make_erb_cos_filters_nx` design them.
///
/// For a signal of N samples at rate sr the grid is `f_k = k·sr/N`, k = 0…⌊N/2⌋ (⌊N/2⌋ + 1 bins).
/// With n, the limits low and high, and sample factor S:
/// - **Band-pass**: `B = S·(n + 1) − 1` filters. Their centres `c_i` are the interior points of
///   `B + 2` ERB numbers evenly spaced from `erb(low)` to `erb(high)`, with spacing Δ. Filter i is
///   `cos((erb(f) − c_i) / (2SΔ) · π)` where `c_i − SΔ < erb(f) < c_i + SΔ` (strictly), 0
///   elsewhere: it spans 2S spacings, so neighbours overlap by 1 − 1/(2S) (87.5 % at S = 4).
/// - **Low-pass**: S filters; low-pass i is `√(1 − b_i(f)²)` for f below band-pass i's centre
///   frequency (1 below its lower edge), 0 above.
/// - **High-pass**: S filters; the one paired with the i-th band-pass from the top is
///   `√(1 − b(f)²)` above that band-pass's centre frequency, 0 below.
/// - Everything is divided by √S, so that the squared responses of all `B + 2S` filters sum to 1
///   at every frequency (the bank tiles the spectrum: perfect reconstruction).
///
/// Rows (channels) run low-pass (lowest first), band-pass (ascending), high-pass (the last row
/// pairs with the highest band-pass): at n 50, S 4 that is 4 + 203 + 4 = 211.
public struct ERBCosineFilterbank: Sendable {
    /// One channel's response: nonzero only on the bins `first ..< first + weights.count`.
    public struct Channel: Sendable, Equatable {
        /// The first bin with a nonzero weight (or 0 for an empty channel).
        public var first: Int
        /// The weights from `first` on.
        public var weights: [Double]
    }

    /// The signal length N the grid is made for.
    public let signalLength: Int
    /// ⌊N/2⌋ + 1 real-FFT bins.
    public let binCount: Int
    /// The channels, in row order.
    public let channels: [Channel]
    /// Each channel's nominal centre in Hz: the band-pass centres, and for the edge filters the
    /// paired band-pass centre ∓ S spacings (chcochleagram's `cf`), with those below 0 Hz at 0.
    public let centerFrequencies: [Double]

    public init(signalLength: Int, sampleRate: Int, _ p: CochleagramParameters) {
        precondition(signalLength >= 1, "a filterbank needs a signal of at least one sample")
        self.signalLength = signalLength
        binCount = signalLength / 2 + 1
        let sr = Double(sampleRate)
        let freqs = (0..<binCount).map { Double($0) * sr / Double(signalLength) }
        let erbs = freqs.map(ERBScale.erb)
        let s = p.sampleFactor
        let bands = p.bandPassCount
        let low = ERBScale.erb(p.lowLimit)
        let spacing = (ERBScale.erb(p.highLimit) - low) / Double(bands + 1)
        let centres = (1...bands).map { low + Double($0) * spacing }
        let scale = 1 / Double(s).squareRoot()

        // Band-pass responses on the whole grid (unscaled), since the edge filters are made from them.
        let bandPass: [[Double]] = centres.map { c in
            let lower = c - Double(s) * spacing
            let upper = c + Double(s) * spacing
            let middle = (lower + upper) / 2
            let width = upper - lower
            return erbs.map { e in e > lower && e < upper ? cos((e - middle) / width * Double.pi) : 0 }
        }
        func edge(_ band: Int, _ inside: (Double) -> Bool) -> [Double] {
            zip(freqs, bandPass[band]).map { f, b in inside(f) ? (1 - b * b).squareRoot() : 0 }
        }
        var dense: [[Double]] = []
        for i in 0..<s {
            let top = ERBScale.hz(centres[i])
            dense.append(edge(i) { $0 < top })
        }
        dense += bandPass
        for r in 0..<s {
            let band = bands - s + r
            let bottom = ERBScale.hz(centres[band])
            dense.append(edge(band) { $0 > bottom })
        }
        channels = dense.map { row in
            guard let first = row.firstIndex(where: { $0 != 0 }), let last = row.lastIndex(where: { $0 != 0 }) else {
                return Channel(first: 0, weights: [])
            }
            return Channel(first: first, weights: row[first...last].map { $0 * scale })
        }
        let edges =
            (0..<s).map { centres[$0] - Double(s) * spacing }
            + centres + (0..<s).map { centres[bands - s + $0] + Double(s) * spacing }
        centerFrequencies = edges.map { max(ERBScale.hz($0), 0) }
    }

    /// The whole bank as a dense float32 matrix, `[channels × bins]`, for tests and pictures.
    public var denseWeights: FeatureMatrix {
        var m = FeatureMatrix(rows: channels.count, columns: binCount)
        for (row, channel) in channels.enumerated() {
            for (j, w) in channel.weights.enumerated() { m[row, channel.first + j] = Float(w) }
        }
        return m
    }
}
