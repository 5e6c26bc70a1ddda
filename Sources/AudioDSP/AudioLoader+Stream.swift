import FeatureSettings
import SoundFile

/// A source's signal at the target rate, ready to be handed on in blocks as it is decoded: the
/// samples `load(_:)` or `load(_:offset:duration:)` returns, never held whole.
struct SignalStream {
    let file: SoundFile
    /// Samples the stream yields in all.
    let length: Int
    /// The signal's rate (the target rate, or the file's own).
    let rate: Int
    /// The source frames read: the whole file (nil), or a clip's span with its resampler context.
    fileprivate let span: Range<Int>?
    /// Whether the read frames go through a resampler.
    fileprivate let resamples: Bool
    /// Samples the read frames give, resampled, trimmed or zero-padded to exactly this many.
    fileprivate let producedLength: Int
    /// Where the signal starts in what the read frames give.
    fileprivate let offset: Int
}

extension AudioLoader {
    /// Plans the stream of a whole file (no offset and no duration) or of a region, with the
    /// meaning `load(_:offset:duration:)` gives a region: a slice of the whole file's resampled
    /// signal when the file `resamplesWhole`, and otherwise a resample of the region's own span
    /// of the source, each read exactly as `load` reads it so the samples are the same bits.
    func signalStream(_ path: String, offset: Double?, duration: Double?) throws(AudioError) -> SignalStream {
        let file = try open(path)
        let info = file.info
        let (inRate, outRate) = (info.sampleRate, targetRate ?? info.sampleRate)
        let total = StreamingResampler.outputLength(inputSamples: Int(info.frames), from: inRate, to: outRate)
        let resamples = inRate != outRate
        guard offset != nil || duration != nil else {
            return SignalStream(
                file: file, length: total, rate: outRate, span: nil, resamples: resamples, producedLength: total,
                offset: 0)
        }
        let start = Int(((offset ?? 0) * Double(outRate)).rounded())
        guard start < total || (start == 0 && total == 0) else {
            throw AudioError(path: path, reason: .regionOutOfBounds(offset: offset ?? 0, duration: info.duration))
        }
        let length = min(duration.map { Int(($0 * Double(outRate)).rounded()) } ?? total - start, total - start)
        if resamplesWhole(info) {
            return SignalStream(
                file: file, length: length, rate: outRate, span: nil, resamples: true, producedLength: total,
                offset: start)
        }
        let span = sourceSpan(
            of: ClipRegion(start: start, length: length), inRate: inRate, outRate: outRate,
            sourceFrames: Int(info.frames))
        return SignalStream(
            file: file, length: length, rate: outRate, span: span, resamples: resamples,
            producedLength: resamples
                ? StreamingResampler.outputLength(inputSamples: span.count, from: inRate, to: outRate) : span.count,
            offset: start - span.lowerBound * outRate / inRate)
    }

    /// Decodes, mixes and resamples the planned frames block by block, handing `body` the
    /// signal's samples in order: `signal.length` in all, zeros past the source's end. Holds one
    /// decoded block and its resampled output at a time.
    func stream(_ signal: SignalStream, _ body: (UnsafeBufferPointer<Float>) -> Void) throws(AudioError) {
        let file = signal.file
        let info = file.info
        let channels = info.channels
        var resampler: StreamingResampler?
        if signal.resamples {
            do {
                resampler = try StreamingResampler(
                    from: info.sampleRate, to: signal.rate, kind: self.resampler, times: stageTimes)
            } catch {
                throw AudioError(path: file.path, reason: error)
            }
        }
        var produced = 0
        var emitted = 0
        let end = signal.offset + signal.length
        // What the read frames give is cut to exactly `producedLength` (as `whole` and a clip's
        // resampler do), and the signal is its slice from `offset`.
        func pass(_ samples: UnsafeBufferPointer<Float>) {
            let usable = min(samples.count, max(0, signal.producedLength - produced))
            let lower = max(produced, signal.offset), upper = min(produced + usable, end)
            if lower < upper {
                body(UnsafeBufferPointer(rebasing: samples[(lower - produced)..<(upper - produced)]))
                emitted += upper - lower
            }
            produced += usable
        }
        var scratch: [Float] = []
        // Left uninitialised: the downmix writes each block before it is read.
        var mono = [Float](unsafeUninitializedCapacity: blockFrames) { $1 = blockFrames }
        let span = signal.span
        let decoded = try read(file, from: span?.lowerBound ?? 0, frames: span?.count) {
            block, _ throws(AudioError.Reason) in
            let frames = block.count / channels
            try mono.withUnsafeMutableBufferPointer { m throws(AudioError.Reason) in
                downmix(block, channels: channels, into: m.baseAddress!)
                let samples = UnsafeBufferPointer(rebasing: m[0..<frames])
                if let resampler {
                    scratch.removeAll(keepingCapacity: true)
                    try resampler.process(samples, appendingTo: &scratch)
                    scratch.withUnsafeBufferPointer { pass($0) }
                } else {
                    pass(samples)
                }
            }
        }
        if span == nil && decoded != info.frames {
            throw AudioError(path: file.path, reason: .frameCountMismatch(declared: info.frames, decoded: decoded))
        }
        if let resampler {
            scratch.removeAll(keepingCapacity: true)
            do { try resampler.finish(appendingTo: &scratch) } catch {
                throw AudioError(path: file.path, reason: error)
            }
            scratch.withUnsafeBufferPointer { pass($0) }
        }
        // Zeros past the end of what the frames gave, as a clip past its source's end.
        let zeros = [Float](repeating: 0, count: 4096)
        while emitted < signal.length {
            let count = min(zeros.count, signal.length - emitted)
            zeros.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            emitted += count
        }
    }
}
