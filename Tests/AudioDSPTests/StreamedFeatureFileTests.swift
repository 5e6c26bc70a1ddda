import FeatureSettings
import Foundation
import MelshardCore
import SoundFile
import TestSupport
import Testing

@testable import AudioDSP

/// `StreamedFeatureFile` against the whole path (`AudioLoader.load` then
/// `FeatureExtractor.features` then `Npy.encode`): the same bytes, for every length that puts a
/// frame, a block or a centre pad at an edge, every pad mode and scaling, resampled or not,
/// whole files and regions.
@Suite struct StreamedFeatureFileTests {
    let directory = TemporaryDirectory("streamed-mel")

    /// What a path wrote, or the description of the error it threw.
    enum Outcome: Equatable {
        case bytes(Data)
        case failed(String)
    }

    func write(_ name: String, rate: Int, count: Int, channels: Int = 1) throws -> String {
        let path = directory.file(name)
        let signal = Signals.interleave(
            (0..<channels).map {
                zip(
                    Signals.chirp(from: 100 + 50 * Double($0), to: Double(rate) * 0.4, rate: rate, count: count),
                    Signals.noise(rate: rate, count: count, seed: 7 + UInt64($0))
                ).map { $0 + $1 }
            })
        try SoundFile.write(signal, channels: channels, sampleRate: rate, format: .wav16, to: path)
        return path
    }

    /// The whole path's bytes, or the error's description.
    func whole(
        _ path: String, _ p: FeatureParameters, loader: AudioLoader, offset: Double? = nil, duration: Double? = nil
    ) -> Outcome {
        do {
            let audio =
                offset != nil || duration != nil
                ? try loader.load(path, offset: offset ?? 0, duration: duration) : try loader.load(path)
            let matrix = try FeatureExtractor(p).features(audio.samples)
            return .bytes(Npy.encode(matrix.values, shape: matrix.shape))
        } catch {
            return .failed("\(error)")
        }
    }

    func streamed(
        _ path: String, _ p: FeatureParameters, loader: AudioLoader, offset: Double? = nil, duration: Double? = nil,
        blockFrames: Int
    ) -> Outcome {
        let output = directory.file("streamed.npy")
        do {
            let summary = try StreamedFeatureFile.write(
                path, parameters: p, offset: offset, duration: duration, to: output, loader: loader,
                blockFrames: blockFrames)
            let data = try Data(contentsOf: URL(fileURLWithPath: output))
            #expect(try Npy.read(output).shape == summary.shape)
            return .bytes(data)
        } catch {
            return .failed("\(error)")
        }
    }

    /// Small parameters (n_fft 64, hop 16) so that short files reach every edge: signals shorter
    /// than the pad, than a frame, than a block; exactly a block; a block and one sample.
    static var small: FeatureParameters {
        var p = FeatureParameters()
        p.sampleRate = 8000
        p.nFFT = 64
        p.hop = 16
        p.nMels = 12
        return p
    }

    static let edgeLengths = [1, 2, 31, 32, 33, 63, 64, 65, 16 * 5 - 1, 16 * 5, 16 * 5 + 1, 1000, 40000]

    @Test(arguments: edgeLengths)
    func edgeLengthsGiveTheWholePathsBytes(count: Int) throws {
        let path = try write("edge-\(count).wav", rate: 8000, count: count)
        for padMode in [PadMode.constant, .reflect] {
            for center in [true, false] {
                var p = Self.small
                p.padMode = padMode
                p.center = center
                let loader = AudioLoader(p)
                // Blocks of 5 frames: 80 samples are exactly one block, 40000 are 500 blocks and
                // drop samples several times.
                let expected = whole(path, p, loader: loader)
                let got = streamed(path, p, loader: loader, blockFrames: 5)
                #expect(got == expected, "\(count) samples, \(padMode), center \(center)")
            }
        }
    }

    @Test func everyScalingGivesTheWholePathsBytes() throws {
        let path = try write("scalings.wav", rate: 8000, count: 20011)
        var cases: [FeatureParameters] = []
        for scale in ScaleKind.allCases {
            for ref in [DBReference.value(1), .max] {
                for topDB in [nil, 80.0, 20.0] {
                    var p = Self.small
                    p.scale = scale
                    p.dbRef = ref
                    p.topDB = topDB
                    p.power = topDB == 20 ? 1 : 2
                    cases.append(p)
                }
            }
        }
        for p in cases {
            let loader = AudioLoader(p)
            #expect(
                streamed(path, p, loader: loader, blockFrames: 7) == whole(path, p, loader: loader),
                "\(p.scale) ref \(p.dbRef) top_db \(String(describing: p.topDB)) power \(p.power)")
        }
    }

    /// The presets that stream, on a stereo file at another rate: resampled in the same blocks
    /// as the whole path, so the bytes are the same there too.
    @Test func presetsOnAResampledStereoFileGiveTheWholePathsBytes() throws {
        let path = try write("stereo.wav", rate: 44100, count: 44100 * 3 + 17, channels: 2)
        for preset in FeaturePreset.allCases {
            var p = preset.parameters
            p.resize = nil
            guard StreamedFeatureFile.supports(p) else { continue }
            let loader = AudioLoader(p)
            #expect(streamed(path, p, loader: loader, blockFrames: 64) == whole(path, p, loader: loader), "\(preset)")
        }
    }

    /// Regions, both ways `load(_:offset:duration:)` cuts them: from the whole file's resample
    /// (a short source) and from the region's own span (a long one, reached here by setting
    /// `wholeSourceSeconds` to 0), and at the file's own rate; past the end, zeros.
    @Test func regionsGiveTheWholePathsBytes() throws {
        let resampled = try write("region-44k.wav", rate: 44100, count: 44100 * 4 + 5)
        let native = try write("region-8k.wav", rate: 8000, count: 8000 * 4 + 5)
        let regions: [(Double?, Double?)] = [(0.5, 1.25), (1, nil), (nil, 0.3), (3.9, 2), (0, 0.001)]
        for path in [resampled, native] {
            for wholeSourceSeconds in [60.0, 0] {
                var loader = AudioLoader(Self.small)
                loader.wholeSourceSeconds = wholeSourceSeconds
                for (offset, duration) in regions {
                    let expected = whole(path, Self.small, loader: loader, offset: offset, duration: duration)
                    let got = streamed(
                        path, Self.small, loader: loader, offset: offset, duration: duration, blockFrames: 9)
                    #expect(
                        got == expected,
                        "\(path) offset \(String(describing: offset)) duration \(String(describing: duration))")
                }
            }
        }
        // Past the end: the same one-line error as the whole path.
        let loader = AudioLoader(Self.small)
        let late = streamed(native, Self.small, loader: loader, offset: 5, blockFrames: 9)
        guard case .failed(let message) = late else {
            Issue.record("an offset past the end was accepted")
            return
        }
        #expect(late == whole(native, Self.small, loader: loader, offset: 5) && message.contains(native))
    }

    /// A failed run (here a signal too short for one frame) leaves the previous array in place
    /// and no partial file beside it.
    @Test func aFailedRunLeavesThePreviousOutput() throws {
        var p = Self.small
        p.center = false
        let short = try write("short.wav", rate: 8000, count: 10)
        let output = directory.file("kept.npy")
        try Npy.write([1, 2], shape: [1, 2], to: output)
        #expect(throws: FeatureError.self) { try StreamedFeatureFile.write(short, parameters: p, to: output) }
        #expect(try Npy.read(output).values == [1, 2])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".partial")
        }
        #expect(leftovers.isEmpty)
    }
}
