import FeatureSettings
import Foundation
import SoundFile

/// Decoded mono audio at the loader's target rate.
public struct DecodedAudio: Sendable {
    public var samples: [Float]
    public var sampleRate: Int
    /// What the file's header said.
    public var source: AudioInfo
}

/// A stretch of a source's audio in samples at the target rate.
public struct ClipRegion: Hashable, Sendable, Codable {
    public var start: Int
    public var length: Int

    public init(start: Int, length: Int) {
        self.start = start
        self.length = length
    }
}

/// Reads audio through libsndfile into mono float samples at a target rate.
///
/// Channels become one by their mean (librosa's `mono=True`) or by picking one. Resampling is
/// streamed in blocks, so a whole file is never held at both rates.
///
/// Clips have one meaning everywhere in melshard: the samples `[start, start + length)` of the
/// whole source, decoded, made mono and resampled to the target rate, with zeros past its end.
/// `clips(_:from:)` resamples a short stretch of the source around each clip, aligned so the
/// resampler's filter phases equal those of a whole-file pass; the result equals slicing a
/// whole-file resample within float rounding (tested to more than 120 dB SNR). Each clip depends
/// only on its own position, never on which other clips are requested, so an incremental build
/// gives the same bytes as a clean one.
public struct AudioLoader: Sendable {
    /// Files with more channels are rejected: no corpus melshard reads has more, and a header
    /// claiming hundreds is a sign of a damaged file.
    public static let maxChannels = 8
    public static let maxSampleRate = 768_000

    /// nil keeps each file's own rate.
    public var targetRate: Int?
    public var resampler: ResamplerKind
    public var channel: ChannelSelection
    /// Frames read from libsndfile per call. A stereo block of 8192 frames (64 KiB) stays in cache
    /// from libsndfile writing it to the downmix reading it, and comes from the heap instead of
    /// fresh pages for each of a file's clip stretches: 65536-frame blocks cost about 7,500 more
    /// page faults in the 20-file GTZAN-like benchmark. Decoded samples do not depend on it.
    public var blockFrames = 1 << 13
    /// Sources at most this long (in seconds at their own rate) are resampled whole, once, and
    /// every clip of theirs is cut from that one signal; longer ones are resampled clip by clip
    /// (`resamplesWhole`). Part of what a clip's bytes are: a build uses the default, and
    /// changing it is a change of `FeatureCodeVersion`. Tests set it to reach each path.
    public var wholeSourceSeconds = 60.0
    /// When set, the time spent decoding and resampling is added to it (`melshard bench`).
    public var stageTimes: StageTimes?
    /// Whether 16-bit integer files are read as integers and converted here (`SixteenBitSamples`)
    /// rather than by libsndfile. The samples are identical either way; tests turn it off to
    /// show that.
    var readsSixteenBitIntegers = true

    public init(targetRate: Int?, resampler: ResamplerKind = .soxrHQ, channel: ChannelSelection = .mean) {
        self.targetRate = targetRate
        self.resampler = resampler
        self.channel = channel
    }

    public init(_ parameters: FeatureParameters) {
        self.init(targetRate: parameters.sampleRate, resampler: parameters.resampler, channel: parameters.channel)
    }

    /// How many samples `frames` source frames become at `targetRate`: ⌈frames · out / in⌉,
    /// exactly what `load` and `clips` produce.
    public func resampledLength(frames: Int, sampleRate: Int) -> Int {
        StreamingResampler.outputLength(inputSamples: frames, from: sampleRate, to: targetRate ?? sampleRate)
    }

    /// Reads the header only and checks that melshard can use the file.
    public func probe(_ path: String) throws(AudioError) -> AudioInfo {
        try open(path).info
    }

    /// The whole file. Verifies that decoding yields the frames the header declares.
    public func load(_ path: String) throws(AudioError) -> DecodedAudio {
        let file = try open(path)
        return DecodedAudio(samples: try whole(file), sampleRate: targetRate ?? file.info.sampleRate, source: file.info)
    }

    // MARK: - Internals

    /// The whole file at the target rate, checked to hold the frames its header declares.
    func whole(_ file: SoundFile) throws(AudioError) -> [Float] {
        let info = file.info
        let rate = targetRate ?? info.sampleRate
        var output: [Float] = []
        // The resampler appends block by block; growing by doubling would copy the track ~twice more.
        output.reserveCapacity(
            StreamingResampler.outputLength(inputSamples: Int(info.frames), from: info.sampleRate, to: rate)
                + StreamingResampler.appendSlack)
        let decoded = try stream(file, resamplingTo: rate, into: &output)
        if decoded != info.frames {
            throw AudioError(path: file.path, reason: .frameCountMismatch(declared: info.frames, decoded: decoded))
        }
        return output
    }

    // MARK: - Internals

    func open(_ path: String) throws(AudioError) -> SoundFile {
        var status = stat()
        guard stat(path, &status) == 0 else { throw AudioError(path: path, reason: .missing) }
        if status.st_size == 0 { throw AudioError(path: path, reason: .empty) }
        let file: SoundFile
        do {
            file = try SoundFile(readingFrom: path)
        } catch {
            throw AudioError(path: path, reason: .unreadable(error.reason))
        }
        let info = file.info
        if let mismatch = file.dataSizeMismatch {
            throw AudioError(
                path: path, reason: .truncated(declaredBytes: mismatch.declared, actualBytes: mismatch.actual))
        }
        guard info.sampleRate > 0 && info.sampleRate <= Self.maxSampleRate else {
            throw AudioError(path: path, reason: .unsupportedSampleRate(info.sampleRate))
        }
        guard (1...Self.maxChannels).contains(info.channels) else {
            throw AudioError(path: path, reason: .unsupportedChannelCount(info.channels))
        }
        if case .index(let index) = channel, index >= info.channels {
            throw AudioError(path: path, reason: .noSuchChannel(index: index, channels: info.channels))
        }
        return file
    }

    /// Decodes the whole file, mixes it to mono and appends it to `output`, resampled when the
    /// rates differ. Returns the frames decoded.
    private func stream(
        _ file: SoundFile, resamplingTo outRate: Int, into output: inout [Float]
    ) throws(AudioError) -> Int64 {
        let info = file.info
        let channels = info.channels
        var resampler: StreamingResampler?
        if info.sampleRate != outRate {
            do {
                resampler = try StreamingResampler(
                    from: info.sampleRate, to: outRate, kind: self.resampler, times: stageTimes)
            } catch {
                throw AudioError(path: file.path, reason: error)
            }
        }
        let timing = stageTimes.map { ($0, $0.seconds[.resample] ?? 0, ContinuousClock.now) }
        defer { if case let (times, resampled, start)? = timing { times.addOutside(.decode, since: start, resampled) } }
        // Left uninitialised: the downmix writes each block before it is read.
        var mono = [Float](unsafeUninitializedCapacity: blockFrames) { $1 = blockFrames }
        let decoded = try read(file, from: 0, frames: nil) { block, _ throws(AudioError.Reason) in
            let frames = block.count / channels
            try mono.withUnsafeMutableBufferPointer { m throws(AudioError.Reason) in
                downmix(block, channels: channels, into: m.baseAddress!)
                let samples = UnsafeBufferPointer(rebasing: m[0..<frames])
                if let resampler {
                    try resampler.process(samples, appendingTo: &output)
                } else {
                    output.append(contentsOf: samples)
                }
            }
        }
        do { try resampler?.finish(appendingTo: &output) } catch { throw AudioError(path: file.path, reason: error) }
        return decoded
    }

    /// Reads `frames` frames (to the end when nil) from `start` in blocks of at most
    /// `blockFrames`, handing each block, interleaved, to `body` with the number of frames read
    /// before it. Returns the frames read.
    ///
    /// Blocks end on multiples of `blockFrames` in the file, so the pieces in which a clip's
    /// stretch reaches its resampler depend only on where the stretch lies, never on which other
    /// clips share the read.
    func read(
        _ file: SoundFile, from start: Int, frames: Int?,
        _ body: (UnsafeBufferPointer<Float>, Int) throws(AudioError.Reason) -> Void
    ) throws(AudioError) -> Int64 {
        let info = file.info
        let channels = info.channels
        // Left uninitialised: libsndfile writes every frame handed on, and zeroing the block for
        // each of a file's clip stretches cost more than decoding them.
        let block = min(blockFrames, frames ?? blockFrames)
        var interleaved = [Float](unsafeUninitializedCapacity: block * channels) { $1 = block * channels }
        let integers = readsSixteenBitIntegers && info.encoding == .pcm16
        var stored = [Int16](unsafeUninitializedCapacity: integers ? block * channels : 0) {
            $1 = integers ? block * channels : 0
        }
        var decoded = 0
        do {
            if start > 0 { try file.seek(toFrame: Int64(start)) }
            try interleaved.withUnsafeMutableBufferPointer { buffer in
                while frames.map({ decoded < $0 }) ?? true {
                    let toBoundary = blockFrames - (start + decoded) % blockFrames
                    let want = min(block, toBoundary, frames.map { $0 - decoded } ?? block)
                    let got: Int
                    if integers {
                        got = try stored.withUnsafeMutableBufferPointer { raw in
                            let got = try file.read(into: raw.baseAddress!, frames: want)
                            SixteenBitSamples.widen(
                                UnsafeBufferPointer(rebasing: raw[0..<(got * channels)]), into: buffer.baseAddress!)
                            return got
                        }
                    } else {
                        got = try file.read(into: buffer.baseAddress!, frames: want)
                    }
                    if got == 0 {
                        // A region lies inside the declared length, so running dry early means
                        // the header promised frames the file does not have.
                        if frames != nil {
                            throw AudioError.Reason.frameCountMismatch(
                                declared: info.frames, decoded: Int64(start + decoded))
                        }
                        break
                    }
                    let samples = UnsafeBufferPointer(rebasing: buffer[0..<(got * channels)])
                    if !integers, let bad = Self.firstNonFinite(samples) {
                        let frame = start + decoded + bad / channels
                        throw AudioError.Reason.nonFinite(second: Double(frame) / Double(info.sampleRate))
                    }
                    try body(samples, decoded)
                    decoded += got
                }
            }
        } catch let error as SoundFileError {
            throw AudioError(path: file.path, reason: .unreadable(error.reason))
        } catch let reason as AudioError.Reason {
            throw AudioError(path: file.path, reason: reason)
        } catch {
            throw AudioError(path: file.path, reason: .unreadable("\(error)"))
        }
        return Int64(decoded)
    }

    /// The position of the first NaN or infinite sample, or nil. Every decode passes here, so a
    /// damaged float file is refused once, by whichever stage reads it first (features, stem
    /// activity, alignment), and never reaches a shard, the statistics or the index.
    static func firstNonFinite(_ samples: UnsafeBufferPointer<Float>) -> Int? {
        // A maximum over the exponent bits, without a branch or an early exit, so the compiler
        // can vectorise the pass; only a block that holds a bad sample is searched again.
        var exponents: UInt32 = 0
        samples.withMemoryRebound(to: UInt32.self) { words in
            for word in words { exponents = max(exponents, word & 0x7f80_0000) }
        }
        guard exponents == 0x7f80_0000 else { return nil }
        return samples.firstIndex { !$0.isFinite }
    }

    /// Mixes interleaved frames to mono into `target`, which has room for all of them.
    func downmix(_ interleaved: UnsafeBufferPointer<Float>, channels: Int, into target: UnsafeMutablePointer<Float>) {
        // Unchecked pointers: this runs once per decoded frame, and with bounds checks and index
        // arithmetic it cost more than libsndfile's own decoding of a WAV.
        let source = interleaved.baseAddress!
        let frames = interleaved.count / channels
        switch channel {
        case .index(let c):
            for f in 0..<frames { target[f] = source[f * channels + c] }
        case .mean where channels == 1:
            target.update(from: source, count: frames)
        case .mean where channels == 2:
            // Four frames per step: the compiler left the scalar loop unvectorised, and at about
            // eight instructions a frame it was a third of the cost of decoding a WAV. The sums
            // and halvings are the scalar loop's, lane by lane, so the samples are identical.
            var f = 0
            while f + 4 <= frames {
                let pairs = UnsafeRawPointer(source + 2 * f).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(target + f).storeBytes(
                    of: (pairs.evenHalf + pairs.oddHalf) / 2, as: SIMD4<Float>.self)
                f += 4
            }
            while f < frames {
                target[f] = (source[2 * f] + source[2 * f + 1]) / 2
                f += 1
            }
        case .mean:
            let scale = Float(channels)
            for f in 0..<frames {
                var sum: Float = 0
                for c in 0..<channels { sum += source[f * channels + c] }
                target[f] = sum / scale
            }
        }
    }
}
