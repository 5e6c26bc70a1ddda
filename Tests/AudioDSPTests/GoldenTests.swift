import FeatureSettings
import Foundation
import MelshardCore
import TestSupport
import Testing

@testable import AudioDSP

/// Every building block and every preset against librosa's and PyTorch's own outputs.
@Suite struct GoldenTests {
    static let cases = GoldenCases.shared

    /// Reads a golden WAV input the way librosa would at its own rate (no resampling).
    func input(_ file: String) throws -> [Float] {
        try AudioLoader(targetRate: nil).load(GoldenCases.path(file)).samples
    }

    @Test(arguments: cases.filterbanks)
    func filterbankMatchesLibrosa(_ c: GoldenCases.Filterbank) throws {
        let bank = MelFilterbank(
            sampleRate: c.sr, nFFT: c.n_fft, nMels: c.n_mels, fmin: c.fmin, fmax: c.fmax,
            scale: c.htk ? .htk : .slaney, norm: c.norm == nil ? .none : .slaney)
        let golden = try GoldenCases.array(c.file)
        #expect(bank.weights.shape == golden.shape)
        let diff = Comparison.maxAbsDifference(bank.weights.values, golden.values)
        #expect(diff.value <= 1e-6, "max |Δ| \(diff.value) at \(diff.index)")
    }

    @Test(arguments: cases.stft)
    func stftMatchesLibrosa(_ c: GoldenCases.STFT) throws {
        var p = FeatureParameters()
        p.nFFT = c.n_fft
        p.hop = c.hop
        p.winLength = c.win_length
        p.window = WindowKind(golden: c.window)
        p.center = c.center
        p.padMode = PadMode(rawValue: c.pad_mode)!
        p.power = c.power
        let signal = try input(c.input)
        let ours = try signal.withUnsafeBufferPointer { try FeatureExtractor(p).spectrogram($0) }
        let golden = try GoldenCases.array(c.file)
        #expect(ours.shape == golden.shape)
        // Compare on a dB scale over the top 80 dB, where the values carry information.
        let exponent = 10 / c.power
        func db(_ x: Float) -> Double { exponent * log10(max(Double(x), 1e-30)) }
        let peak = golden.values.map(db).max()!
        var worst = 0.0
        for (a, b) in zip(ours.values, golden.values) where db(b) > peak - 80 { worst = max(worst, abs(db(a) - db(b))) }
        #expect(worst <= 1e-3, "max dB difference \(worst) in the top 80 dB")
    }

    @Test(arguments: cases.db)
    func powerToDBMatchesLibrosa(_ c: GoldenCases.DB) throws {
        let input = try GoldenCases.array(c.input)
        let matrix = FeatureMatrix(rows: input.shape[0], columns: input.shape[1], values: input.values)
        let ours = Scaling.powerToDB(matrix, ref: c.ref.melshard, amin: c.amin, topDB: c.top_db)
        let golden = try GoldenCases.array(c.file)
        let diff = Comparison.maxAbsDifference(ours.values, golden.values)
        #expect(diff.value <= 1e-4, "max |Δ| \(diff.value) dB at \(diff.index)")
    }

    @Test(arguments: cases.resize)
    func resizeMatchesPyTorch(_ c: GoldenCases.Resize) throws {
        let input = try GoldenCases.array(c.input)
        let matrix = FeatureMatrix(rows: input.shape[0], columns: input.shape[1], values: input.values)
        let ours = BilinearResize.resize(matrix, to: ImageSize(height: c.out_h, width: c.out_w))
        let golden = try GoldenCases.array(c.file)
        #expect(ours.shape == golden.shape)
        let diff = Comparison.maxAbsDifference(ours.values, golden.values)
        // Inputs span ±100 (dB-like); two float32 ulps there is 1.5e-5. PyTorch fuses the blend's
        // multiply-adds, so the last bit can differ.
        #expect(diff.value <= 2e-5, "max |Δ| \(diff.value) at \(diff.index)")
    }

    /// Both sides use libsoxr's HQ recipe, so they agree closely even in the transition band.
    /// librosa's extra trailing zero sample (its floating-point length) is ignored.
    @Test(arguments: cases.resample)
    func resamplingMatchesLibrosa(_ c: GoldenCases.Resample) throws {
        let ours = try AudioLoader(targetRate: c.target_sr).load(GoldenCases.path(c.input)).samples
        let golden = try GoldenCases.array(c.file).values
        #expect(ours.count == c.exact_length)
        let diff = Comparison.maxAbsDifference(ours, golden[0..<c.exact_length])
        #expect(diff.value <= 1e-5, "max |Δ| \(diff.value) at \(diff.index)")
    }

    /// Whole presets: load, resample, STFT, mel, scale, resize.
    /// dB within 1e-3 dB (2e-3 for a clip) wherever librosa is within 80 dB of its maximum and
    /// exactly at the floor where librosa is at the floor; log(1 + C·x) within 1e-4 relative.
    @Test(arguments: cases.pipelines.filter { $0.load.offset == nil })
    func pipelineMatchesLibrosa(_ c: GoldenCases.Pipeline) throws {
        let p = c.parameters
        let loader = AudioLoader(p)
        let samples =
            if let clip = c.load.clip {
                try loader.clips([ClipRegion(start: clip[0], length: clip[1])], from: GoldenCases.path(c.input))[0]
            } else {
                try loader.load(GoldenCases.path(c.input)).samples
            }
        let ours = try FeatureExtractor(p).features(samples)
        let golden = try GoldenCases.array(c.file)
        #expect(ours.shape == golden.shape)
        try #require(ours.values.count == golden.values.count)
        if c.scale == "db" {
            let peak = golden.values.max()!
            let floor = Float(10 * log10(c.db!.amin))
            var worst = 0.0, worstFloor = 0.0
            for (a, b) in zip(ours.values, golden.values) {
                if abs(b - floor) < 1e-4 {
                    worstFloor = max(worstFloor, Double(abs(a - floor)))
                } else if b > peak - 80 {
                    worst = max(worst, Double(abs(a - b)))
                }
            }
            // A clip is resampled from its own stretch of the source, which equals the whole-file
            // resample librosa slices to about 131 dB SNR with soxr HQ (its float32 FFT blocks
            // fall elsewhere), and that shows in the quietest bins within 80 dB: 1.06e-3 dB here,
            // and 1.06e-3 to 1.37e-3 dB on every phase grid measured. Only a stretch starting at
            // frame 0 agrees to 1e-5 dB, which this case once met by the accident of its grid.
            let tolerance = c.load.clip == nil ? 1e-3 : 2e-3
            #expect(worst <= tolerance, "max dB difference \(worst) within 80 dB of the maximum")
            #expect(worstFloor <= 1e-4, "floor bins off by \(worstFloor) dB")
        } else {
            var worst = 0.0
            for (a, b) in zip(ours.values, golden.values) {
                worst = max(worst, Double(abs(a - b)) / max(Double(abs(b)), 1e-6))
            }
            #expect(worst <= 1e-4, "max relative difference \(worst)")
        }
    }

    /// librosa.load(offset:duration:) resamples the region on its own, so its first and last few
    /// milliseconds differ from melshard's clip, which is cut from the whole file's resampled
    /// signal (the `_clip_` golden case checks that one to 2e-3 dB). Away from the edges the two
    /// differ only by resampler rounding on another phase grid, at the level of the quietest bins.
    @Test func librosaRegionAgreesAwayFromItsEdges() throws {
        let c = Self.cases.pipelines.first { $0.name == "heydarshahi_stereo44k_e2e_nocenter" }!
        let p = c.parameters
        let audio = try AudioLoader(p).load(
            GoldenCases.path(c.input), offset: c.load.offset!, duration: c.load.duration)
        let ours = try FeatureExtractor(p).features(audio.samples)
        let golden = try GoldenCases.array(c.file)
        #expect(ours.shape == golden.shape)
        var worst = 0.0
        for r in 0..<ours.rows {
            for t in 2..<(ours.columns - 2) {
                worst = max(worst, Double(abs(ours[r, t] - golden.values[r * ours.columns + t])))
            }
        }
        #expect(worst <= 1e-2, "max dB difference \(worst) in the interior frames")
    }
}
