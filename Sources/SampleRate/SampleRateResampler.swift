import CSampleRate

/// A streaming mono resampler backed by libsamplerate (Secret Rabbit Code).
///
/// Kept selectable for users who want libsamplerate's converters; it is not the default,
/// because its best sinc converter is about 100 times slower than libsoxr at equal in-band
/// accuracy (docs/features.md).
public final class SampleRateResampler {
    /// libsamplerate's converters. The corresponding C constants are `SRC_SINC_BEST_QUALITY`, ...
    public enum Converter: Sendable, CaseIterable {
        case sincBest, sincMedium, sincFastest, zeroOrderHold, linear

        var rawValue: Int32 {
            switch self {
            case .sincBest: Int32(SRC_SINC_BEST_QUALITY)
            case .sincMedium: Int32(SRC_SINC_MEDIUM_QUALITY)
            case .sincFastest: Int32(SRC_SINC_FASTEST)
            case .zeroOrderHold: Int32(SRC_ZERO_ORDER_HOLD)
            case .linear: Int32(SRC_LINEAR)
            }
        }
    }

    public let inputRate: Double
    public let outputRate: Double
    private let handle: OpaquePointer

    /// The corresponding C function is `src_new`.
    public init(inputRate: Double, outputRate: Double, converter: Converter) throws(SampleRateError) {
        var status: Int32 = 0
        let handle = src_new(converter.rawValue, 1, &status)
        try check(status, "src_new")
        guard let handle else { throw SampleRateError(function: "src_new", reason: "no converter was created") }
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.handle = handle
    }

    deinit { src_delete(handle) }

    /// Resamples one block of input and appends what it yields to `output`.
    /// The corresponding C function is `src_process`.
    public func process(_ input: UnsafeBufferPointer<Float>, appendingTo output: inout [Float]) throws(SampleRateError)
    {
        try run(input, endOfInput: false, appendingTo: &output)
    }

    /// Flushes the samples still inside the filter at the end of the signal.
    ///
    /// An empty final call with `end_of_input` set leaves the last half-filter of output behind
    /// (143 samples short at 44.1 → 12 kHz with the best sinc), so the signal is continued with
    /// the zeros a whole-signal conversion assumes. The caller trims the output to its length.
    public func finish(appendingTo output: inout [Float]) throws(SampleRateError) {
        let zeros = [Float](
            repeating: 0, count: Int((Double(Self.flushFrames) * max(1, inputRate / outputRate)).rounded(.up)))
        try zeros.withUnsafeBufferPointer { buffer throws(SampleRateError) in
            try run(buffer, endOfInput: true, appendingTo: &output)
        }
    }

    /// More input frames than the longest sinc filter's half-length at any ratio libsndfile meets.
    static let flushFrames = 8192

    private func run(
        _ input: UnsafeBufferPointer<Float>, endOfInput: Bool, appendingTo output: inout [Float]
    ) throws(SampleRateError) {
        let ratio = outputRate / inputRate
        var consumed = 0
        while true {
            let remaining = input.count - consumed
            let capacity = Int(Double(remaining) * ratio) + 1024
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: capacity))
            var data = SRC_DATA()
            let status = output.withUnsafeMutableBufferPointer { out in
                data.data_in = input.baseAddress.map { UnsafePointer($0 + consumed) }
                data.input_frames = remaining
                data.data_out = out.baseAddress! + start
                data.output_frames = capacity
                data.end_of_input = endOfInput ? 1 : 0
                data.src_ratio = ratio
                return src_process(handle, &data)
            }
            output.removeLast(capacity - data.output_frames_gen)
            try check(status, "src_process")
            consumed += data.input_frames_used
            let inputLeft = consumed < input.count
            // At the end of input, keep calling until the filter has nothing more to give.
            if !inputLeft && (!endOfInput || data.output_frames_gen == 0) { return }
        }
    }
}
