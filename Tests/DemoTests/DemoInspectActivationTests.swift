import Foundation
import PNG
import TestSupport
import Testing

/// `melshard inspect --cam`, `--wav` and `--filter`, and the report's class activation maps, on
/// the demo's trained `small-cnn` (global average pooling and one dense layer), real
/// subprocesses, every file read back.
@Suite struct DemoInspectActivationTests {
    static var run: String { DemoEvaluateTests.run }
    static var speech: String { DemoCommandTests.demo.out + "/speech-commands" }

    /// The first `limit` clip ids of `label`, as `inspect --grid` lists them.
    static func ids(_ label: String, limit: Int = 2) throws -> [String] {
        let grid = DemoCommandTests.demo.directory + "/ids-\(label).png"
        let outcome = try Melshard.run(["inspect", speech, "--class", label, "--grid", grid, "--limit", "\(limit)"])
        let line = try #require(outcome.stdout.split(separator: "(ids ").last, "\(outcome.stdout)\(outcome.stderr)")
        return line.dropLast(line.hasSuffix(")\n") ? 2 : 1).split(separator: ", ").map(String.init)
    }

    @Test func camIsDrawnOverAClipAndOverAClassGrid() throws {
        #expect(DemoCommandTests.demo.outcome.status == 0, "\(DemoCommandTests.demo.outcome.stderr)")
        let id = try #require(try Self.ids("yes").first)
        let folder = DemoCommandTests.demo.directory
        let plain = try Melshard.run(["inspect", Self.speech, "--clip", id, "--png", folder + "/plain.png"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let drawn = try Melshard.run([
            "inspect", Self.speech, "--clip", id, "--png", folder + "/cam.png", "--cam", Self.run, "--class", "yes",
        ])
        #expect(drawn.status == 0 && drawn.stdout.contains("class activation map of yes"), "\(drawn.stderr)")
        let (camImage, plainImage) = (
            try PNGImage(contentsOf: folder + "/cam.png"), try PNGImage(contentsOf: folder + "/plain.png")
        )
        #expect(camImage.width == plainImage.width && camImage.height == plainImage.height)
        #expect(camImage.pixels != plainImage.pixels)

        let grid = try Melshard.run([
            "inspect", Self.speech, "--class", "no", "--grid", folder + "/cam-grid.png", "--cam", Self.run, "--limit",
            "3",
        ])
        #expect(grid.status == 0 && grid.stdout.contains("on 3 clips"), "\(grid.stderr)")
        #expect(try PNGImage(contentsOf: folder + "/cam-grid.png").width > camImage.width / 2)

        let unknown = try Melshard.run([
            "inspect", Self.speech, "--clip", id, "--png", folder + "/x.png", "--cam", Self.run, "--class", "maybe",
        ])
        #expect(unknown.status == 1, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("no class 'maybe'; its classes are down, no, up, yes"), "\(unknown.stderr)")
        #expect(unknown.stderr.split(separator: "\n").count == 1, "\(unknown.stderr)")
        let noClass = try Melshard.run([
            "inspect", Self.speech, "--clip", id, "--png", folder + "/x.png", "--cam", Self.run,
        ])
        #expect(noClass.status == 64 && noClass.stderr.contains("--class NAME"), "\(noClass.stderr)")
    }

    @Test func clipsAndFiltersAreWrittenAsAudio() throws {
        let id = try #require(try Self.ids("up").first)
        let folder = DemoCommandTests.demo.directory
        let audio = try Melshard.run(["inspect", Self.speech, "--clip", id, "--wav", folder + "/clip.wav"])
        #expect(audio.status == 0 && audio.stdout.contains("32 Griffin-Lim iterations"), "\(audio.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/clip.wav"))
        #expect(bytes.prefix(4) == Data("RIFF".utf8) && bytes.dropFirst(8).prefix(4) == Data("WAVE".utf8))
        // 1 s at 16 kHz, hop 128: 126 frames give 128 · 125 samples, as librosa's mel_to_audio.
        #expect(audio.stdout.contains("16000 samples"), "\(audio.stdout)")
        #expect(bytes.count > 2 * 16000)
        let again = try Melshard.run(["inspect", Self.speech, "--clip", id, "--wav", folder + "/again.wav"])
        #expect(again.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/again.wav")) == bytes)

        let filtered = try Melshard.run([
            "inspect", Self.speech, "--clip", id, "--wav", folder + "/filter.wav", "--png", folder + "/filter.png",
            "--run", Self.run, "--filter", "features.2:5",
        ])
        #expect(filtered.status == 0 && filtered.stdout.contains("filter 5 of features.2"), "\(filtered.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/filter.wav")) != bytes)
        #expect(try PNGImage(contentsOf: folder + "/filter.png").width > 500)

        for (filter, message) in [
            ("features.2:16", "filter 16 is beyond layer features.2, which has 16 filters"),
            ("conv9:0", "conv9"), ("classifier.1:0", "not filter maps"),
        ] {
            let refused = try Melshard.run([
                "inspect", Self.speech, "--clip", id, "--wav", folder + "/no.wav", "--run", Self.run, "--filter",
                filter,
            ])
            #expect(refused.status == 1 && refused.stderr.contains(message), "\(filter): \(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        }
        let malformed = try Melshard.run([
            "inspect", Self.speech, "--clip", id, "--wav", folder + "/no.wav", "--run", Self.run, "--filter", "conv1",
        ])
        #expect(malformed.status == 64 && malformed.stderr.contains("LAYER:K"), "\(malformed.stderr)")
        let noRun = try Melshard.run([
            "inspect", Self.speech, "--clip", id, "--wav", folder + "/no.wav", "--filter", "a:1",
        ])
        #expect(noRun.status == 64 && noRun.stderr.contains("--run RUN"), "\(noRun.stderr)")
    }

    @Test func reportShowsEachClassesActivationMaps() throws {
        let page = DemoCommandTests.demo.directory + "/cam-report.html"
        let outcome = try Melshard.run(["report", Self.run, "--out", page])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<h2>Class activation maps"))
        for name in ["down", "no", "up", "yes"] { #expect(html.contains("class \(name): its map on 3 of its clips")) }
    }
}
