import FeatureSettings
import Foundation
import MelshardCore
import SoundFile
import TestSupport
import Testing

@testable import AudioDSP

@Suite struct AudioLoaderTests {
    let directory = TemporaryDirectory("loader")

    /// A chirp that stays below the Nyquist frequency of every target rate used here, so that a
    /// clip's SNR against the whole-file resample measures the resampler, not what it removes.
    func write(
        _ name: String, rate: Int, channels: Int = 1, seconds: Double, format: AudioFormat = .wav16
    ) throws -> String {
        let count = Int(Double(rate) * seconds)
        let path = directory.file(name)
        let signal = Signals.interleave(
            (0..<channels).map {
                Signals.chirp(
                    from: 100 + 50 * Double($0), to: min(4000, Double(rate) * 0.45), rate: rate, count: count,
                    amplitude: 0.4)
            })
        try SoundFile.write(signal, channels: channels, sampleRate: rate, format: format, to: path)
        return path
    }

    /// A clip decoded from its own neighbourhood equals the same stretch of a whole-file resample,
    /// for every format a corpus uses, including MP3, whose seeks libsndfile gets slightly wrong.
    /// (The source is 12 s, so the loader is told to resample clip by clip: sources of up to a
    /// minute are resampled whole by default, `shortSourcesAreResampledWholeOnce`.)
    @Test(arguments: [AudioFormat.wav16, .flac16, .mp3, .vorbis, .au16])
    func clipsEqualSlicesOfTheWholeFile(format: AudioFormat) throws {
        let path = try write("long.\(format.container.rawValue)", rate: 44100, channels: 2, seconds: 12, format: format)
        var loader = AudioLoader(targetRate: 12000)
        loader.wholeSourceSeconds = 0
        let whole = try loader.load(path).samples
        let regions = [
            ClipRegion(start: 0, length: 24064), ClipRegion(start: 50_001, length: 24064),
            ClipRegion(start: whole.count - 24064, length: 24064), ClipRegion(start: whole.count - 1000, length: 24064),
        ]
        let clips = try loader.clips(regions, from: path)
        for (region, clip) in zip(regions, clips) {
            #expect(clip.count == region.length)
            let available = min(region.length, whole.count - region.start)
            let snr = Comparison.snr(clip[0..<available], reference: whole[region.start..<region.start + available])
            #expect(snr >= 120, "\(format) clip at \(region.start): SNR \(snr) dB")
            #expect(clip[available...].allSatisfy { $0 == 0 }, "past the end is silence")
        }
    }

    /// The context around a clip is sized to each resampler's filter, which reaches over more
    /// source frames the steeper the decimation: at 44.1 and 96 → 12 kHz a clip still equals the
    /// whole-file resample, for libsoxr's default and libsamplerate's longest filter.
    @Test(arguments: [(44100, ResamplerKind.soxrHQ), (44100, .sincBest), (96000, .soxrHQ), (96000, .sincBest)])
    func clipContextSuitsEachResampler(rate: Int, kind: ResamplerKind) throws {
        let path = try write("context-\(rate)-\(kind).wav", rate: rate, channels: 2, seconds: 6)
        var loader = AudioLoader(targetRate: 12000, resampler: kind)
        loader.wholeSourceSeconds = 0
        let whole = try loader.load(path).samples
        let regions = [0, 1, 7, 12_345, 33_333, whole.count - 24064].map { ClipRegion(start: $0, length: 24064) }
        for (region, clip) in zip(regions, try loader.clips(regions, from: path)) {
            let snr = Comparison.snr(clip, reference: whole[region.start..<region.start + region.length])
            #expect(snr >= 120, "\(kind) \(rate) → 12000 clip at \(region.start): SNR \(snr) dB")
        }
    }

    /// A source of at most `wholeSourceSeconds` is resampled whole, once, and every clip is cut
    /// from that signal: its clips are exactly the slices of `load`, bit for bit, whichever
    /// siblings are asked for with them. A longer one goes clip by clip. The choice depends on
    /// the source and the rates alone.
    @Test(arguments: [AudioFormat.wav16, .mp3, .au16])
    func shortSourcesAreResampledWholeOnce(format: AudioFormat) throws {
        let path = try write("short.\(format.container.rawValue)", rate: 22050, seconds: 9, format: format)
        var loader = AudioLoader(targetRate: 12000)
        let info = try loader.probe(path)
        #expect(loader.resamplesWhole(info))
        let whole = try loader.load(path).samples
        let regions = [0, 777, 40_000, whole.count - 24064, whole.count - 100].map {
            ClipRegion(start: $0, length: 24064)
        }
        let together = try loader.clips(regions, from: path)
        for (region, clip) in zip(regions, together) {
            let available = min(region.length, whole.count - region.start)
            #expect(Array(clip[0..<available]) == Array(whole[region.start..<(region.start + available)]))
            #expect(clip[available...].allSatisfy { $0 == 0 })
            #expect(try loader.clips([region], from: path)[0] == clip, "alone or with siblings: the same bytes")
        }
        // The same source when the limit is below its length, or at the same rate: clip by clip.
        loader.wholeSourceSeconds = 8.99
        #expect(!loader.resamplesWhole(info))
        #expect(!AudioLoader(targetRate: 22050).resamplesWhole(info))
        #expect(!AudioLoader(targetRate: nil).resamplesWhole(info))
        for (region, clip) in zip(regions, try loader.clips(regions, from: path)) {
            let available = min(region.length, whole.count - region.start)
            let snr = Comparison.snr(clip[0..<available], reference: whole[region.start..<region.start + available])
            #expect(snr >= 120, "\(format) clip at \(region.start) resampled on its own: SNR \(snr) dB")
            // Bit for bit for PCM. A 22.05-kHz MP3 clip read alone differs from the same clip
            // read after its siblings in the last bits (libsndfile's MP3 seek depends on where
            // the decoder was; docs/features.md, Exact seeking), which is why short sources,
            // MP3 included, take the whole path above.
            let alone = try loader.clips([region], from: path)[0]
            if format != .mp3 { #expect(alone == clip, "alone or with siblings: the same bytes") }
            #expect(Comparison.snr(alone, reference: clip) >= 120)
        }
    }

    /// The mono downmix is the mean of the channels, as librosa's. Five frames, so that both the
    /// four-frame steps of the stereo mix and the frames after them are checked.
    @Test func stereoBecomesTheMeanOrAChosenChannel() throws {
        let path = directory.file("lr.wav")
        try SoundFile.write(
            [0.5, 0.25, -0.5, 0.125, 1, 0, 0.75, -0.25, 0.0625, 0.5], channels: 2, sampleRate: 8000, format: .wavFloat,
            to: path)
        #expect(try AudioLoader(targetRate: nil).load(path).samples == [0.375, -0.1875, 0.5, 0.25, 0.28125])
        #expect(
            try AudioLoader(targetRate: nil, channel: .index(1)).load(path).samples == [0.25, 0.125, 0, -0.25, 0.5])
        #expect(throws: AudioError(path: path, reason: .noSuchChannel(index: 2, channels: 2))) {
            try AudioLoader(targetRate: nil, channel: .index(2)).load(path)
        }
    }

    @Test(arguments: [8000, 16000, 22050, 32000, 44100, 48000])
    func everyRateGivesTheDocumentedShape(rate: Int) throws {
        for format in [AudioFormat.wav16, .flac16, .vorbis, .mp3, .au16] {
            // MP3 exists at 8–48 kHz through MPEG-2.5, 2 and 1; libsndfile writes them all.
            for channels in [1, 2] {
                let path = try write(
                    "r\(rate)-\(channels).\(format.container.rawValue)", rate: rate, channels: channels, seconds: 2.5,
                    format: format)
                let p = FeaturePreset.heydarshahi.parameters
                let audio = try AudioLoader(p).load(path, offset: 0.25, duration: 24064.0 / 12000)
                #expect(audio.samples.count == 24064)
                let matrix = try FeatureExtractor(p).features(audio.samples)
                #expect(matrix.shape == [128, 128])
                #expect(matrix.values.allSatisfy { $0.isFinite })
            }
        }
    }

    @Test func badFilesGiveReasonsNotCrashes() throws {
        let loader = AudioLoader(targetRate: 12000)
        let missing = directory.file("missing.wav")
        #expect(throws: AudioError(path: missing, reason: .missing)) { try loader.load(missing) }

        let empty = directory.file("empty.wav")
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(throws: AudioError(path: empty, reason: .empty)) { try loader.load(empty) }

        let garbage = directory.file("jazz.00054.wav")
        try Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) }).write(
            to: URL(fileURLWithPath: garbage))
        #expect { try loader.load(garbage) } throws: { ($0 as? AudioError)?.reason.code == "undecodable-audio" }

        // Cut-off downloads: WAV and AU headers promise more data than there is; FLAC and MP3
        // decode fewer frames than they declare.
        for format in [AudioFormat.wav16, .au16, .flac16, .mp3] {
            let full = try write("full.\(format.container.rawValue)", rate: 22050, seconds: 3, format: format)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
            let cut = directory.file("cut.\(format.container.rawValue)")
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cut))
            #expect { try loader.load(cut) } throws: { error in
                let code = (error as? AudioError)?.reason.code
                return code == "truncated-file" || code == "frame-count-mismatch" || code == "undecodable-audio"
            }
            // A clip inside the promised but missing part is an error too, never silent zeros.
            #expect { try loader.clips([ClipRegion(start: 12000 * 2, length: 6000)], from: cut) } throws: {
                $0 is AudioError
            }
        }
    }

    @Test func tooManyChannelsAreRefused() throws {
        let path = directory.file("nine.wav")
        try SoundFile.write(
            [Float](repeating: 0, count: 9 * 100), channels: 9, sampleRate: 8000, format: .wavFloat, to: path)
        #expect(throws: AudioError(path: path, reason: .unsupportedChannelCount(9))) {
            try AudioLoader(targetRate: nil).probe(path)
        }
    }

    @Test func regionPastTheEndIsRefused() throws {
        let path = try write("short.wav", rate: 8000, seconds: 1)
        #expect { try AudioLoader(targetRate: 12000).load(path, offset: 5, duration: 1) } throws: {
            ($0 as? AudioError)?.reason.code == "region-out-of-bounds"
        }
    }
}
