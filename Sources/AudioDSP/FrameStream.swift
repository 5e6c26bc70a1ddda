import FeatureSettings
import MelshardCore

/// The mel power of a signal that arrives in blocks, framed exactly as
/// `FeatureExtractor.computeFramePower` frames it whole, handed on a block of frames at a time.
///
/// The signal's length is known before it starts (the header gives it), so the frame count and
/// the centre padding at both ends are known too. Frame t covers padded positions
/// `t·hop − n_fft/2 ..< t·hop − n_fft/2 + n_fft` and is computed as soon as the samples it reads
/// have arrived: a mirror pad at the start reads the first `n_fft/2 + 1` samples (kept in `head`),
/// one at the end reads the last `n_fft/2 + 1`, which are still in `recent` when the last frames
/// are computed. Everything else older than the next frame's start is dropped, so the memory
/// held is a block of frames' power and a few frames of samples, whatever the signal's length.
/// Each frame's window product, FFT and power go through `FeatureExtractor.transformInput`, and
/// a block's projection through the same `MelProjection`, which computes every frame on its
/// own: the frames are the whole path's, bit for bit.
final class FrameStream {
    private let extractor: FeatureExtractor
    /// The signal's length in samples.
    let count: Int
    /// Frames the signal gives in all.
    let frames: Int
    private let pad: Int
    private let blockFrames: Int
    /// Receives each block of mel power, `[n_mels × frames in the block]`, and its first frame.
    private let emit: (_ firstFrame: Int, _ melPower: FeatureMatrix) -> Void
    /// The first samples, kept for a mirror pad at the start.
    private var head: [Float] = []
    private let headCapacity: Int
    /// Samples `recentStart ..< received`.
    private var recent: [Float] = []
    private var recentStart = 0
    private var received = 0
    /// The next frame to compute.
    private var next = 0
    /// Power of the block's frames so far, frames × bins.
    private var power: [Float]
    private var pending = 0

    init(
        extractor: FeatureExtractor, samples count: Int, blockFrames: Int,
        emit: @escaping (_ firstFrame: Int, _ melPower: FeatureMatrix) -> Void
    ) {
        let p = extractor.parameters
        self.extractor = extractor
        self.count = count
        frames = p.frameCount(forSamples: count)
        pad = p.center ? p.nFFT / 2 : 0
        self.blockFrames = blockFrames
        self.emit = emit
        headCapacity = min(count, pad + 1)
        power = [Float](repeating: 0, count: blockFrames * p.binCount)
    }

    /// The signal's next samples.
    func append(_ samples: UnsafeBufferPointer<Float>) {
        precondition(received + samples.count <= count, "more samples than the signal's length")
        if head.count < headCapacity { head.append(contentsOf: samples.prefix(headCapacity - head.count)) }
        recent.append(contentsOf: samples)
        received += samples.count
        computeReadyFrames()
    }

    /// Computes the last frames once every sample has arrived, and hands on the last block.
    func finish() {
        precondition(received == count, "\(received) of \(count) samples arrived")
        computeReadyFrames()
        flush()
    }

    private func computeReadyFrames() {
        let p = extractor.parameters
        while next < frames {
            let start = next * p.hop - pad
            guard received >= min(count, start + p.nFFT) else { break }
            fill(from: start)
            power.withUnsafeMutableBufferPointer {
                extractor.transformInput(into: $0.baseAddress! + pending * p.binCount)
            }
            pending += 1
            next += 1
            if pending == blockFrames { flush() }
        }
        // Keep what the next frame starts at, and the last n_fft/2 + 1 samples a mirror pad at
        // the end reads; dropping in large steps keeps the copying to a fraction of the appends.
        let keep = min(received, max(0, min(next * p.hop - pad, count - 1 - pad)))
        if keep - recentStart >= max(1 << 15, recent.count / 2) {
            recent.removeFirst(keep - recentStart)
            recentStart = keep
        }
    }

    /// Writes the windowed frame starting at padded position `start` into the FFT's input, with
    /// the whole path's expression (`Double(sample) · window`).
    private func fill(from start: Int) {
        let p = extractor.parameters
        let input = extractor.fft.input
        extractor.window.withUnsafeBufferPointer { window in
            recent.withUnsafeBufferPointer { recent in
                if start >= 0 && start + p.nFFT <= count {
                    FeatureExtractor.windowProduct(
                        recent.baseAddress! + (start - recentStart), window.baseAddress!, into: input.baseAddress!,
                        count: p.nFFT)
                } else {
                    for n in 0..<p.nFFT {
                        let sample: Float
                        if let source = p.padMode.source(ofPadded: start + n, count: count) {
                            sample = source >= recentStart ? recent[source - recentStart] : head[source]
                        } else {
                            sample = 0
                        }
                        input[n] = Double(sample) * window[n]
                    }
                }
            }
        }
    }

    private func flush() {
        guard pending > 0 else { return }
        var mel = FeatureMatrix(rows: extractor.parameters.nMels, columns: pending)
        power.withUnsafeBufferPointer { p in
            mel.values.withUnsafeMutableBufferPointer { m in
                extractor.projection.apply(power: p.baseAddress!, frames: pending, into: m.baseAddress!)
            }
        }
        emit(next - pending, mel)
        pending = 0
    }
}
