import FeatureSettings
import SoundFile

extension AudioLoader {
    /// The given clips of one source, in order. See the type's discussion for what a clip is.
    ///
    /// A short source (`resamplesWhole`) is decoded and resampled whole once, and every clip is
    /// cut from that signal. Otherwise the source is read once: the stretches the clips need (with their resampler context) are
    /// merged, each is decoded a single time, and every block is handed, as it is decoded, to the
    /// resampler of each clip whose stretch it overlaps. Each clip has its own resampler, fed
    /// exactly its own stretch, so sharing the read never changes a clip's bytes (decoded samples
    /// do not depend on where decoding started: seeks are exact).
    public func clips(_ regions: [ClipRegion], from path: String) throws(AudioError) -> [[Float]] {
        try clips(regions, of: open(path))
    }

    /// `duration` seconds from `offset` seconds (to the end when nil), as a clip.
    public func load(_ path: String, offset: Double, duration: Double?) throws(AudioError) -> DecodedAudio {
        let file = try open(path)
        let info = file.info
        let rate = targetRate ?? info.sampleRate
        let total = StreamingResampler.outputLength(inputSamples: Int(info.frames), from: info.sampleRate, to: rate)
        let start = Int((offset * Double(rate)).rounded())
        guard start < total || (start == 0 && total == 0) else {
            throw AudioError(path: path, reason: .regionOutOfBounds(offset: offset, duration: info.duration))
        }
        let length = duration.map { Int(($0 * Double(rate)).rounded()) } ?? total - start
        let samples = try clips([ClipRegion(start: start, length: min(length, total - start))], of: file)[0]
        return DecodedAudio(samples: samples, sampleRate: rate, source: info)
    }

    /// Whether a source is resampled whole, once, for all its clips (true), or each clip from
    /// its own stretch (false). Decided from the source's length and rate and the target rate
    /// alone, never from which clips are asked for, so a clip's bytes depend only on its source
    /// and the parameters: a source of at most `wholeSourceSeconds` that needs resampling is
    /// resampled whole.
    public func resamplesWhole(_ info: AudioInfo) -> Bool {
        let outRate = targetRate ?? info.sampleRate
        return outRate != info.sampleRate && Double(info.frames) <= wholeSourceSeconds * Double(info.sampleRate)
    }

    private func clips(_ regions: [ClipRegion], of file: SoundFile) throws(AudioError) -> [[Float]] {
        let info = file.info
        if resamplesWhole(info) { return try cut(regions, from: whole(file)) }
        let timing = stageTimes.map { ($0, $0.seconds[.resample] ?? 0, ContinuousClock.now) }
        defer { if case let (times, resampled, start)? = timing { times.addOutside(.decode, since: start, resampled) } }
        let channels = info.channels
        let (inRate, outRate) = (info.sampleRate, targetRate ?? info.sampleRate)
        let spans = regions.map { sourceSpan(of: $0, inRate: inRate, outRate: outRate, sourceFrames: Int(info.frames)) }
        let order = spans.indices.filter { !spans[$0].isEmpty }.sorted { spans[$0].lowerBound < spans[$1].lowerBound }
        // Each block goes from the decoder straight to the resamplers that need it, and each
        // clip is filled as its resampler yields, through one scratch array: holding a file's
        // decoded stretches, or a span's whole output, took megabytes per file that the
        // allocator returned to the kernel and faulted back in for the next one, about a tenth
        // of the GTZAN-like run's time.
        var clips = regions.map { [Float](repeating: 0, count: $0.length) }
        var waiting = order[...]
        var running: [ClipInProgress] = []
        var scratch: [Float] = []
        // Left uninitialised: the downmix writes each block before it is read.
        var mono = [Float](unsafeUninitializedCapacity: blockFrames) { $1 = blockFrames }
        for stretch in Self.merged(order.map { spans[$0] }) {
            _ = try read(file, from: stretch.lowerBound, frames: stretch.count) {
                block, before throws(AudioError.Reason) in
                let start = stretch.lowerBound + before, end = start + block.count / channels
                while let i = waiting.first, spans[i].lowerBound < end {
                    // Exact: the span starts on the phase grid, a multiple of in/gcd(in, out).
                    let offset = regions[i].start - spans[i].lowerBound * outRate / inRate
                    running.append(
                        try ClipInProgress(
                            index: i, span: spans[i], offset: offset, from: inRate, to: outRate, kind: resampler,
                            times: stageTimes))
                    waiting.removeFirst()
                }
                try mono.withUnsafeMutableBufferPointer { m throws(AudioError.Reason) in
                    downmix(block, channels: channels, into: m.baseAddress!)
                    for k in running.indices {
                        let span = running[k].span
                        let (lower, upper) = (max(span.lowerBound, start), min(span.upperBound, end))
                        guard lower < upper else { continue }
                        try running[k].feed(
                            UnsafeBufferPointer(rebasing: m[(lower - start)..<(upper - start)]),
                            into: &clips[running[k].index], scratch: &scratch)
                    }
                }
                for k in running.indices.reversed() where running[k].span.upperBound <= end {
                    try running[k].finish(into: &clips[running[k].index], scratch: &scratch)
                    running.remove(at: k)
                }
            }
        }
        return clips
    }

    /// Every clip cut from one signal, zeros past its end.
    private func cut(_ regions: [ClipRegion], from signal: [Float]) -> [[Float]] {
        // Copied straight into uninitialised storage: zeroing each clip first and then copying
        // over it was two passes over every clip.
        signal.withUnsafeBufferPointer { signal in
            regions.map { region in
                [Float](unsafeUninitializedCapacity: region.length) { clip, count in
                    let available = max(0, min(region.length, signal.count - region.start))
                    if available > 0 {
                        clip.baseAddress!.initialize(from: signal.baseAddress! + region.start, count: available)
                    }
                    clip[available...].initialize(repeating: 0)
                    count = region.length
                }
            }
        }
    }

    /// Sorted spans with those that overlap or touch joined, so each stretch is read once.
    private static func merged(_ sortedSpans: [Range<Int>]) -> [Range<Int>] {
        var stretches: [Range<Int>] = []
        for span in sortedSpans {
            if let last = stretches.last, span.lowerBound <= last.upperBound {
                stretches[stretches.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                stretches.append(span)
            }
        }
        return stretches
    }

    /// The source frames a clip is computed from: the clip itself, with the resampler's context
    /// on each side when resampling, starting on the phase grid.
    func sourceSpan(of region: ClipRegion, inRate: Int, outRate: Int, sourceFrames: Int) -> Range<Int> {
        if inRate == outRate {
            return max(0, min(region.start, sourceFrames))..<max(0, min(region.start + region.length, sourceFrames))
        }
        let grid = Self.phaseGrid(from: inRate, to: outRate)
        let context = Self.contextFrames(from: inRate, to: outRate)
        let from = max(0, region.start * inRate / outRate - context) / grid * grid
        let to = min(sourceFrames, ((region.start + region.length) * inRate + outRate - 1) / outRate + context)
        return min(from, to)..<to
    }

    /// Source frames decoded on each side of a clip so that the resampler's filter sees there
    /// what it sees in a whole-file pass. Every frame of context is resampled once per clip, so
    /// it is sized to the filters rather than generously: a decimating filter reaches over more
    /// source frames the larger in/out is. Measured against a whole-file resample (noisy,
    /// full-band signal, worst of 20 clips): soxr HQ at 44.1 → 12 kHz gives 108 dB with 256
    /// frames and 131 dB with 512, the same as with 4096; libsamplerate's sinc_best (about 143
    /// zero crossings a side, stretched by in/out) gives 181 dB with 512 and bit-exact samples
    /// with 1024, and at 96 → 12 kHz 161 dB with 1024 and bit-exact with 2048. With this rule
    /// every pair of 8–96 kHz → 12–44.1 kHz measured within 1 dB of what 4096 frames gave (or
    /// bit-exact like them), for soxr HQ and VHQ, sinc_best and sinc_medium.
    static func contextFrames(from inRate: Int, to outRate: Int) -> Int {
        max(512, 256 * ((inRate + outRate - 1) / outRate))
    }

    /// Source start positions that keep every stage of the resampler on the same phase as a
    /// whole-file pass: multiples of in/gcd(in, out), times a power of two for the half-band
    /// stages libsoxr may add, up to 4096 frames. A clip starts up to a grid early, so each
    /// doubling costs frames resampled per clip. Measured against whole-file resamples for all
    /// pairs of 8–96 kHz → 12–44.1 kHz: soxr HQ is equally close (about 131 dB) on any of these
    /// grids; soxr VHQ gained from a larger grid only at 8 → 44.1 kHz (163 dB on the plain grid,
    /// bit-exact on 4 times it, which 4096 frames, 32 times there, covers).
    static func phaseGrid(from inRate: Int, to outRate: Int) -> Int {
        var a = inRate, b = outRate
        while b != 0 { (a, b) = (b, a % b) }
        let base = inRate / a
        var grid = base
        while grid * 2 <= max(base, 4096) { grid *= 2 }
        return grid
    }
}

/// One clip being computed while its source is read: its own resampler, fed exactly the
/// frames of its span in order, and where in that span's resampled signal the clip lies.
private struct ClipInProgress {
    let index: Int
    let span: Range<Int>
    /// The clip's first sample in the span's resampled signal.
    let offset: Int
    /// nil when the rates are equal.
    let resampler: StreamingResampler?
    /// Samples of the span's resampled signal seen so far.
    var produced = 0

    init(
        index: Int, span: Range<Int>, offset: Int, from inRate: Int, to outRate: Int, kind: ResamplerKind,
        times: StageTimes?
    ) throws(AudioError.Reason) {
        self.index = index
        self.span = span
        self.offset = offset
        resampler =
            inRate == outRate ? nil : try StreamingResampler(from: inRate, to: outRate, kind: kind, times: times)
    }

    mutating func feed(
        _ frames: UnsafeBufferPointer<Float>, into clip: inout [Float], scratch: inout [Float]
    ) throws(AudioError.Reason) {
        guard let resampler else { return place(frames, into: &clip) }
        scratch.removeAll(keepingCapacity: true)
        try resampler.process(frames, appendingTo: &scratch)
        scratch.withUnsafeBufferPointer { place($0, into: &clip) }
    }

    /// Flushes the resampler, which completes the span's signal to its exact length.
    mutating func finish(into clip: inout [Float], scratch: inout [Float]) throws(AudioError.Reason) {
        scratch.removeAll(keepingCapacity: true)
        try resampler?.finish(appendingTo: &scratch)
        scratch.withUnsafeBufferPointer { place($0, into: &clip) }
    }

    /// Copies the part of the next `samples` of the signal that falls inside the clip. At equal
    /// rates the decoded block itself is the signal, so it is copied once, straight in.
    private mutating func place(_ samples: UnsafeBufferPointer<Float>, into clip: inout [Float]) {
        let lower = max(produced, offset), upper = min(produced + samples.count, offset + clip.count)
        if lower < upper {
            clip.withUnsafeMutableBufferPointer { target in
                (target.baseAddress! + (lower - offset)).update(
                    from: samples.baseAddress! + (lower - produced), count: upper - lower)
            }
        }
        produced += samples.count
    }
}
