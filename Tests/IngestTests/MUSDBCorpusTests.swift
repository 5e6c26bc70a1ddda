import Build
import Foundation
import Ingest
import MelshardCore
import Recipe
import SQLite
import SoundFile
import TestSupport
import Testing

@Suite struct MUSDBCorpusTests {
    static let stems = ["mixture", "drums", "bass", "other", "vocals"]

    @Test func hqFoldersGiveOneSourcePerStemWithOfficialSplits() throws {
        let fixture = try CorpusFixture("musdb-hq")
        for track in [
            "train/Actions - One Minute Smile", "train/Johnny Lokke - Promises & Lies",
            "train/Al James - Schoolboy Fascination",
            "test/Al James - Schoolboy Facination (live)",
        ] {
            try hqTrack(fixture, track)
        }
        let all = try scan(fixture, .musdb(MUSDBOptions()))
        #expect(all.rejects.isEmpty)
        #expect(all.ignoredFiles == 4, "the unselected mixture.wav of each track")
        #expect(all.candidates.count == 16)
        let vocals = all.candidates.filter { $0.labels == ["vocals"] }
        #expect(
            vocals.map(\.path) == [
                "test/Al James - Schoolboy Facination (live)/vocals.wav", "train/Actions - One Minute Smile/vocals.wav",
                "train/Al James - Schoolboy Fascination/vocals.wav", "train/Johnny Lokke - Promises & Lies/vocals.wav",
            ])
        #expect(vocals.map(\.officialSplit) == ["test", "validation", "train", "validation"])
        #expect(
            vocals.map(\.group) == [
                "Al James - Schoolboy Facination (live)", "Actions - One Minute Smile",
                "Al James - Schoolboy Fascination", "Johnny Lokke - Promises & Lies",
            ])
        #expect(
            vocals[3].attributes == ["track": "Johnny Lokke - Promises & Lies", "stem": "vocals", "subset": "train"])
        let lies = all.candidates.filter { $0.group == "Johnny Lokke - Promises & Lies" }
        #expect(lies.map(\.labels) == [["bass"], ["drums"], ["other"], ["vocals"]])
        #expect(lies.allSatisfy { $0.officialSplit == "validation" }, "a track's stems share its split")

        let chosen = try scan(fixture, .musdb(MUSDBOptions(stems: [.mixture, .vocals], subsets: ["train"])))
        #expect(chosen.candidates.count == 6 && chosen.ignoredFiles == 9)
        #expect(Set(chosen.candidates.map { $0.attributes["subset"] }) == ["train"])
    }

    @Test func aMissingStemIsRejectedNamingTrackAndStem() throws {
        let fixture = try CorpusFixture("musdb-missing")
        try hqTrack(fixture, "train/Triviul - Angelsaint", except: ["bass"])
        try hqTrack(fixture, "test/PR - Oh No")
        let scan = try scan(fixture, .musdb(MUSDBOptions()))
        #expect(scan.rejects.map { "\($0.code) \($0.path)" } == ["missing-stem train/Triviul - Angelsaint/bass.wav"])
        #expect(scan.rejects[0].reason.contains("track 'Triviul - Angelsaint' has no bass stem"))
        #expect(
            scan.candidates.filter { $0.group == "Triviul - Angelsaint" }.map(\.labels) == [
                ["drums"], ["other"], ["vocals"],
            ])
    }

    @Test func aMissingSubsetFolderStopsTheBuild() throws {
        let fixture = try CorpusFixture("musdb-subset")
        try hqTrack(fixture, "train/PR - Oh No")
        #expect { try scan(fixture, .musdb(MUSDBOptions())) } throws: {
            "\($0)".contains("/test is not a folder") && "\($0)".contains("subsets")
        }
        #expect(try scan(fixture, .musdb(MUSDBOptions(subsets: ["train"]))).candidates.count == 4)
    }

    @Test func stemMP4StreamsAreDecodedWithFFmpeg() throws {
        let fixture = try CorpusFixture("musdb-mp4")
        let mp4 = try stemMP4(fixture, "train/Clara Berry And Wooldog - Waltz For My Victims")
        try stemMP4(fixture, "test/Bobby Nobody - Stitch Up 'n' Go")
        let scan = try scan(fixture, .musdb(MUSDBOptions(stems: [.mixture, .vocals])))
        #expect(scan.rejects.isEmpty)
        #expect(
            scan.candidates.map(\.path) == [
                "test/Bobby Nobody - Stitch Up 'n' Go.stem.mp4#mixture",
                "test/Bobby Nobody - Stitch Up 'n' Go.stem.mp4#vocals",
                "train/Clara Berry And Wooldog - Waltz For My Victims.stem.mp4#mixture",
                "train/Clara Berry And Wooldog - Waltz For My Victims.stem.mp4#vocals",
            ])
        #expect(scan.candidates.map(\.officialSplit) == ["test", "test", "validation", "validation"])
        let vocals = scan.candidates[3]
        #expect(
            vocals.absolutePath == fixture.directory.file("work")
                + "/c/train/Clara Berry And Wooldog - Waltz For My Victims/vocals.wav")
        #expect(vocals.group == "Clara Berry And Wooldog - Waltz For My Victims" && vocals.labels == ["vocals"])
        #expect(
            vocals.attributes == [
                "track": "Clara Berry And Wooldog - Waltz For My Victims", "stem": "vocals", "subset": "train",
            ])
        // Read apart from DurableFile, which is where the reader took the size from.
        let bytes = try #require(FileManager.default.contents(atPath: vocals.absolutePath))
        #expect(vocals.size == Int64(bytes.count) && vocals.size > 44)
        #expect(
            !FileManager.default.fileExists(atPath: (mp4 as NSString).deletingLastPathComponent + "/vocals.wav"),
            "nothing is written inside the corpus")
        // Stream 4 is the vocals: its tone, not the mixture's, is what the WAV holds.
        #expect(try dominantFrequency(vocals.absolutePath) == toneFrequency(of: "vocals"))
        #expect(try dominantFrequency(scan.candidates[2].absolutePath) == toneFrequency(of: "mixture"))
    }

    @Test func decodedStemsAreReusedUntilTheMP4Changes() throws {
        let fixture = try CorpusFixture("musdb-reuse")
        let mp4 = try stemMP4(fixture, "train/Leaf - Summerghost")
        try hqTrack(fixture, "test/PR - Oh No")
        try fixture.writeRecipe(
            corpus: "name = \"musdb\"\nkind = \"musdb\"\nstems = [\"drums\", \"vocals\"]",
            "[splits]\nmethod = \"official\"", clips: "length_seconds = 0.25\ncrop = \"start\"")
        let first = try buildReport(fixture)
        #expect(first.sources == 4 && first.rejects == 0)
        let decoded = fixture.output + "/decoded/musdb/train/Leaf - Summerghost/vocals.wav"
        let before = try #require(DurableFile.status(decoded))
        let sources = try indexedSources(fixture)
        #expect(
            sources["train/Leaf - Summerghost.stem.mp4#vocals"]
                == IndexedSource(
                    labels: ["vocals"], group: "Leaf - Summerghost", split: "validation",
                    attributes: ["track": "Leaf - Summerghost", "stem": "vocals", "subset": "train"]))
        #expect(sources["test/PR - Oh No/drums.wav"]?.split == "test")

        let second = try buildReport(fixture)
        #expect(DurableFile.status(decoded)?.mtimeNanoseconds == before.mtimeNanoseconds, "not decoded again")
        #expect(second.units["probe"]?.rebuilt == 0 && second.units["probe"]?.reused == 4)

        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: mp4)
        _ = try buildReport(fixture)
        #expect(
            DurableFile.status(decoded)?.mtimeNanoseconds != before.mtimeNanoseconds, "a changed mp4 is decoded again")
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: (decoded as NSString).deletingLastPathComponent)
        #expect(leftovers.sorted() == ["drums.stamp", "drums.wav", "vocals.stamp", "vocals.wav"])
    }

    @Test func withoutFFmpegEachStemMP4IsRejectedWithHowToConvert() throws {
        let fixture = try CorpusFixture("musdb-noffmpeg")
        try stemMP4(fixture, "train/Fergessen - Nos Palpitants")
        try hqTrack(fixture, "test/PR - Oh No")
        try fixture.writeRecipe(
            corpus: "name = \"musdb\"\nkind = \"musdb\"", clips: "length_seconds = 0.25\ncrop = \"start\"")
        let outcome = try Melshard.run(
            ["build", fixture.recipe, "--out", fixture.output, "--json"],
            environment: ["MELSHARD_FFMPEG": "/nonexistent/ffmpeg"])
        try #require(outcome.status == 0, "\(outcome.stderr)")
        let report = try JSONDecoder().decode(BuildReport.self, from: Data(outcome.stdout.utf8))
        #expect(report.sources == 4 && report.rejectsByCode == ["needs-ffmpeg": 4])
        #expect(
            try indexedRejects(fixture)
                == ["bass", "drums", "other", "vocals"].map {
                    "needs-ffmpeg train/Fergessen - Nos Palpitants.stem.mp4#\($0)"
                })
        #expect(!FileManager.default.fileExists(atPath: fixture.output + "/decoded/musdb/train"))
        let reason =
            try Database(path: fixture.output + "/index.sqlite", readOnly: true).execute("SELECT reason FROM rejects")[
                0][0].text ?? ""
        #expect(reason.contains("MELSHARD_FFMPEG=/nonexistent/ffmpeg is not an executable file"))
        #expect(reason.contains("apt install ffmpeg") && reason.contains("musdbconvert"))
    }

    @Test func theRecipeKeysAreChecked() throws {
        let fixture = try CorpusFixture("musdb-keys")
        try fixture.writeRecipe(
            corpus: "name = \"m\"\nkind = \"musdb\"\nstems = [\"vocals\", \"vocals\", \"guitar\"]\nsubsets = [\"dev\"]")
        #expect { try RecipeLoader.load(path: fixture.recipe) } throws: {
            let text = "\($0)"
            return text.contains("'vocals' is listed twice") && text.contains("'guitar' is not allowed")
                && text.contains("'dev' is not allowed")
        }
    }

    @Test func aDryRunDecodesNothingAndABrokenMP4KeepsFFmpegsMessage() throws {
        let fixture = try CorpusFixture("musdb-dry")
        try stemMP4(fixture, "train/Skelpolu - Human Mistakes")
        try fixture.text("train/Broken - Track.stem.mp4", "not an mp4 at all")
        try hqTrack(fixture, "test/PR - Oh No")
        try hqTrack(fixture, "test/Skelpolu - Human Mistakes")
        try fixture.text("test/Skelpolu - Human Mistakes.stem.mp4", "shadowed by the folder")
        let spec = CorpusSpec(
            name: "c", kind: .musdb, root: fixture.root, options: .musdb(MUSDBOptions(stems: [.vocals])))
        let work = IngestContext(workDirectory: fixture.directory.file("work"), mayWrite: false)
        let dry = try CorpusReader.scan(spec, context: work)
        #expect(
            dry.rejects.map { "\($0.code) \($0.path)" }.sorted() == [
                "duplicate-track test/Skelpolu - Human Mistakes.stem.mp4",
                "not-decoded train/Broken - Track.stem.mp4#vocals",
                "not-decoded train/Skelpolu - Human Mistakes.stem.mp4#vocals",
            ])
        #expect(
            dry.candidates.map(\.path) == ["test/PR - Oh No/vocals.wav", "test/Skelpolu - Human Mistakes/vocals.wav"])

        let real = try scan(fixture, .musdb(MUSDBOptions(stems: [.vocals])))
        let broken = try #require(real.rejects.first { $0.path == "train/Broken - Track.stem.mp4#vocals" })
        #expect(broken.code == "ffmpeg-failed")
        #expect(broken.reason.contains("ffmpeg exited with status") && broken.reason.contains("Invalid data"))
        #expect(real.candidates.map(\.path).contains("train/Skelpolu - Human Mistakes.stem.mp4#vocals"))

        // Once a build has decoded it, a dry run reads the stem instead of reporting it.
        let again = try CorpusReader.scan(spec, context: work)
        #expect(again.candidates.map(\.path).contains("train/Skelpolu - Human Mistakes.stem.mp4#vocals"))
        #expect(!again.rejects.contains { $0.code == "not-decoded" && $0.path.hasPrefix("train/Skelpolu") })
    }

    // MARK: - Fixtures

    /// A MUSDB18-HQ track folder: the five stems as 0.25-s mono WAVs at 8 kHz.
    private func hqTrack(_ fixture: CorpusFixture, _ folder: String, except: Set<String> = []) throws {
        for stem in Self.stems where !except.contains(stem) {
            try fixture.audio("\(folder)/\(stem).wav", seconds: 0.25, rate: 8000)
        }
    }

    /// A MUSDB18 `.stem.mp4`: five AAC streams in musdb's order, each a pure tone of its own
    /// frequency, so a test can tell which stream a decoded WAV came from.
    @discardableResult
    private func stemMP4(_ fixture: CorpusFixture, _ track: String) throws -> String {
        let staging = fixture.directory.file("staging")
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        var arguments = ["-nostdin", "-loglevel", "error", "-y"]
        for stem in Self.stems {
            let wav = staging + "/\(stem).wav"
            let rate = 16000
            let samples = (0..<rate / 2).map {
                Float(0.5 * sin(2 * Double.pi * Double(toneFrequency(of: stem)) * Double($0) / Double(rate)))
            }
            try SoundFile.write(samples, sampleRate: rate, format: .wav16, to: wav)
            arguments += ["-i", wav]
        }
        for i in Self.stems.indices { arguments += ["-map", "\(i):a"] }
        let output = fixture.root + "/" + track + ".stem.mp4"
        try FileManager.default.createDirectory(
            atPath: (output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        arguments += ["-c:a", "aac", "-b:a", "48k", output]
        let made = try ChildProcess("/usr/bin/env", ["ffmpeg"] + arguments).start().wait()
        try #require(
            made.status == 0,
            "ffmpeg could not make \(output) (\(made.stderrTail())); scripts/bootstrap installs it")
        return output
    }

    private func toneFrequency(of stem: String) -> Int {
        [500, 1000, 1500, 2000, 3000][Self.stems.firstIndex(of: stem)!]
    }

    /// The 500-Hz bin (of 0…8 kHz) holding most energy in the file's first channel.
    private func dominantFrequency(_ path: String) throws -> Int {
        let file = try SoundFile(readingFrom: path)
        var samples = [Float](repeating: 0, count: Int(file.info.frames) * file.info.channels)
        let frames = try samples.withUnsafeMutableBufferPointer { buffer throws(SoundFileError) in
            try file.read(into: buffer.baseAddress!, frames: Int(file.info.frames))
        }
        let firstChannel = stride(from: 0, to: frames * file.info.channels, by: file.info.channels).map { samples[$0] }
        var best = (frequency: 0, power: -1.0)
        for frequency in stride(from: 500, through: 7500, by: 500) {
            var re = 0.0, im = 0.0
            for (n, x) in firstChannel.enumerated() {
                let phase = 2 * Double.pi * Double(frequency) * Double(n) / Double(file.info.sampleRate)
                re += Double(x) * cos(phase)
                im += Double(x) * sin(phase)
            }
            if re * re + im * im > best.power { best = (frequency, re * re + im * im) }
        }
        return best.frequency
    }
}
