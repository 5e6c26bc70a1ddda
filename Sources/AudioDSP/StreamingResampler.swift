import FeatureSettings
import SampleRate
import Soxr

/// One resampler interface over libsoxr and libsamplerate, chosen by `ResamplerKind`.
///
/// Both libraries are time-aligned (no delay to compensate). The total output is trimmed or
/// zero-padded to exactly `⌈N · out / in⌉` samples, computed in integers. librosa computes the
/// same length in floating point and so sometimes yields one extra zero sample
/// (`12000/44100 · 88200 = 24000.000000000004` → 24001); melshard does not copy that.
final class StreamingResampler {
    private enum Engine {
        case soxr(SoxrResampler)
        case sampleRate(SampleRateResampler)
    }

    private let engine: Engine
    private let inputRate: Int
    private let outputRate: Int
    private var consumed = 0
    private var produced = 0
    /// When set, the time spent in the resampler, set-up included, is added to it.
    private let times: StageTimes?

    init(
        from inputRate: Int, to outputRate: Int, kind: ResamplerKind, times: StageTimes? = nil
    ) throws(AudioError.Reason) {
        let start = ContinuousClock.now
        defer { times?.add(.resample, since: start) }
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.times = times
        let (i, o) = (Double(inputRate), Double(outputRate))
        do {
            switch kind {
            case .soxrVHQ: engine = .soxr(try SoxrResampler(inputRate: i, outputRate: o, quality: .veryHigh))
            case .soxrHQ: engine = .soxr(try SoxrResampler(inputRate: i, outputRate: o, quality: .high))
            case .soxrMQ: engine = .soxr(try SoxrResampler(inputRate: i, outputRate: o, quality: .medium))
            case .soxrLQ: engine = .soxr(try SoxrResampler(inputRate: i, outputRate: o, quality: .low))
            case .soxrQQ: engine = .soxr(try SoxrResampler(inputRate: i, outputRate: o, quality: .quick))
            case .sincBest:
                engine = .sampleRate(try SampleRateResampler(inputRate: i, outputRate: o, converter: .sincBest))
            case .sincMedium:
                engine = .sampleRate(try SampleRateResampler(inputRate: i, outputRate: o, converter: .sincMedium))
            case .sincFastest:
                engine = .sampleRate(try SampleRateResampler(inputRate: i, outputRate: o, converter: .sincFastest))
            case .zeroOrderHold:
                engine = .sampleRate(try SampleRateResampler(inputRate: i, outputRate: o, converter: .zeroOrderHold))
            case .linear: engine = .sampleRate(try SampleRateResampler(inputRate: i, outputRate: o, converter: .linear))
            }
        } catch {
            throw .resampling("\(error)")
        }
    }

    func process(_ block: UnsafeBufferPointer<Float>, appendingTo output: inout [Float]) throws(AudioError.Reason) {
        let before = output.count
        let start = times.map { _ in ContinuousClock.now }
        defer {
            produced += output.count - before
            if let start { times?.add(.resample, since: start) }
        }
        consumed += block.count
        do {
            switch engine {
            case .soxr(let r): try r.process(block, appendingTo: &output)
            case .sampleRate(let r): try r.process(block, appendingTo: &output)
            }
        } catch {
            throw .resampling("\(error)")
        }
    }

    /// Flushes the filter and makes the total output exactly `outputLength` samples.
    func finish(appendingTo output: inout [Float]) throws(AudioError.Reason) {
        let start = times.map { _ in ContinuousClock.now }
        defer { if let start { times?.add(.resample, since: start) } }
        let before = output.count
        do {
            switch engine {
            case .soxr(let r): try r.finish(appendingTo: &output)
            case .sampleRate(let r): try r.finish(appendingTo: &output)
            }
        } catch {
            throw .resampling("\(error)")
        }
        let total = produced + output.count - before
        let wanted = Self.outputLength(inputSamples: consumed, from: inputRate, to: outputRate)
        if total > wanted { output.removeLast(min(total - wanted, output.count)) }
        if total < wanted { output.append(contentsOf: repeatElement(0, count: wanted - total)) }
        produced = wanted
    }

    /// Room beyond the output length that the resamplers use while working (each call appends
    /// its output capacity before trimming to what it produced; a flush asks for 4096), so
    /// reserving length + slack spares a reallocation and copy of the whole output.
    static let appendSlack = 8192

    /// `⌈inputSamples · outputRate / inputRate⌉`, exactly.
    static func outputLength(inputSamples: Int, from inputRate: Int, to outputRate: Int) -> Int {
        let numerator = inputSamples * outputRate
        return numerator / inputRate + (numerator % inputRate == 0 ? 0 : 1)
    }
}
