import Foundation
import Ingest
import MelshardCore
import Recipe
import TestSupport
import Testing

@Suite struct GTZANCorpusTests {
    static let noLists = CorpusOptions.gtzan(GTZANOptions())
    static let lists = CorpusOptions.gtzan(GTZANOptions(splitLists: "lists"))

    /// Scans `root` (a folder inside the fixture, or the fixture's root) as a GTZAN corpus.
    func scanAt(_ fixture: CorpusFixture, _ folder: String, _ options: CorpusOptions = noLists) throws -> CorpusScan {
        try CorpusReader.scan(
            CorpusSpec(name: "c", kind: .gtzan, root: fixture.root + "/" + folder, options: options),
            context: IngestContext(workDirectory: nil))
    }

    func codes(_ scan: CorpusScan) -> [String] {
        scan.rejects.map { "\($0.code) \($0.path)" + ($0.line.map { ":\($0)" } ?? "") }.sorted()
    }

    @Test func marsyasArchiveOfAUFilesKeysEachClipByItsStem() throws {
        let fixture = try CorpusFixture("gtzan-marsyas")
        for name in ["blues/blues.00000", "blues/blues.00001", "rock/rock.00000", "hiphop/hiphop.00099"] {
            try fixture.audio("genres/\(name).au", format: .au16)
        }
        try fixture.text("genres/bextract_single.mf", "/data/genres/blues/blues.00000.au\tblues\n")
        try fixture.text("genres/blues/cover.png", "not audio")
        try fixture.audio("genres/blues/extra take.wav")  // audio, but not a clip name
        try fixture.audio("genres/blues/rock.00003.au", format: .au16)  // another genre's name
        try fixture.audio("genres/rock/live/rock.00001.au", format: .au16)
        try fixture.text("README.txt", "downloaded from marsyas")

        let scan = try scan(fixture, Self.noLists)
        #expect(
            scan.candidates.map(\.path) == [
                "genres/blues/blues.00000.au", "genres/blues/blues.00001.au",
                "genres/hiphop/hiphop.00099.au", "genres/rock/rock.00000.au",
            ])
        #expect(scan.candidates.map(\.labels) == [["blues"], ["blues"], ["hiphop"], ["rock"]])
        #expect(scan.candidates.map(\.group) == ["blues.00000", "blues.00001", "hiphop.00099", "rock.00000"])
        #expect(scan.candidates.allSatisfy { $0.officialSplit == nil && $0.origin == nil && $0.attributes.isEmpty })
        #expect(
            codes(scan) == [
                "bad-clip-name genres/blues/extra take.wav", "bad-clip-name genres/blues/rock.00003.au",
                "nested-clip genres/rock/live/rock.00001.au",
            ])
        #expect(scan.ignoredFiles == 3)  // bextract_single.mf, cover.png, README.txt
    }

    @Test func kaggleLayoutIsFoundFromTheDownloadAndFromInsideData() throws {
        let fixture = try CorpusFixture("gtzan-kaggle")
        try fixture.audio("Data/genres_original/jazz/jazz.00000.wav")
        try fixture.audio("Data/genres_original/pop/pop.00012.wav")
        try fixture.bytes("Data/images_original/jazz/jazz00000.png", [0x89, 0x50, 0x4E, 0x47])
        try fixture.text("Data/features_30_sec.csv", "filename,label\njazz.00000.wav,jazz\n")

        for folder in ["", "Data", "Data/genres_original"] {
            let scan = try scanAt(fixture, folder)
            let prefix = ["": "Data/genres_original/", "Data": "genres_original/", "Data/genres_original": ""][folder]!
            #expect(
                scan.candidates.map(\.path) == [prefix + "jazz/jazz.00000.wav", prefix + "pop/pop.00012.wav"],
                "root \(folder)")
            #expect(scan.candidates.map(\.labels) == [["jazz"], ["pop"]])
            #expect(scan.rejects.isEmpty)
        }
        #expect(try scanAt(fixture, "").ignoredFiles == 2)
        #expect(try scanAt(fixture, "Data/genres_original").ignoredFiles == 0)
    }

    @Test func aRootWithoutGenreFoldersStopsTheBuild() throws {
        let fixture = try CorpusFixture("gtzan-empty")
        try fixture.audio("music/song.wav")
        try fixture.text("genres/bextract_single.mf", "")
        #expect(throws: CorpusError.self) { try scan(fixture, Self.noLists) }
    }

    @Test func theSameClipAsAUAndWAVKeepsTheAU() throws {
        let fixture = try CorpusFixture("gtzan-both")
        try fixture.audio("genres/disco/disco.00050.au", format: .au16)
        try fixture.audio("genres/disco/disco.00050.wav")
        try fixture.audio("genres/disco/disco.00051.wav")

        let scan = try scan(fixture, Self.noLists)
        #expect(scan.candidates.map(\.path) == ["genres/disco/disco.00050.au", "genres/disco/disco.00051.wav"])
        #expect(codes(scan) == ["duplicate-clip genres/disco/disco.00050.wav"])
        #expect(scan.rejects[0].reason.contains("genres/disco/disco.00050.au"))
    }

    @Test func splitListsMatchByStemWhateverTheExtension() throws {
        let fixture = try CorpusFixture("gtzan-lists")
        for name in [
            "blues/blues.00000", "blues/blues.00001", "blues/blues.00002", "country/country.00008",
            "metal/metal.00004", "metal/metal.00005", "pop/pop.00015",
        ] {
            try fixture.audio("genres/\(name).au", format: .au16)
        }
        // dnn-mgr's lists say .wav over the archive's .au files; one line is jordipons' .au form,
        // one torchaudio's bare stem.
        try fixture.text(
            "lists/train_filtered.txt",
            "blues/blues.00000.wav\nblues/blues.00001.au\nblues/blues.00099.wav\nblues/blues.00000.au\n")
        try fixture.text("lists/valid_filtered.txt", "metal.00004\nrock/blues.00002.wav\nmetal/metal.00005.wav\n\n")
        try fixture.text("lists/test_filtered.txt", "blues/blues.00001.wav\r\nmetal/metal.00005.wav\r\nnot a clip\r\n")

        let scan = try scan(fixture, Self.lists)
        #expect(scan.candidates.map(\.path) == ["genres/blues/blues.00000.au", "genres/metal/metal.00004.au"])
        #expect(scan.candidates.map(\.officialSplit) == ["train", "validation"])
        #expect(scan.candidates.map(\.labels) == [["blues"], ["metal"]])
        #expect(
            scan.candidates.map(\.origin) == [
                ManifestOrigin(manifest: "lists/train_filtered.txt", line: 1),
                ManifestOrigin(manifest: "lists/valid_filtered.txt", line: 1),
            ])
        #expect(
            codes(scan) == [
                "conflicting-split lists/test_filtered.txt:1",  // blues.00001: train and test
                "conflicting-split lists/test_filtered.txt:2",  // metal.00005: validation and test
                "conflicting-split lists/train_filtered.txt:2",
                "conflicting-split lists/valid_filtered.txt:3",
                "duplicate-row lists/train_filtered.txt:4",  // the same clip again in the same list
                "malformed-row lists/test_filtered.txt:3",
                "malformed-row lists/valid_filtered.txt:2",  // the folder rock/ disagrees with the name
                "missing-file lists/train_filtered.txt:3",
            ])
        let missing = scan.rejects.first { $0.code == "missing-file" }!
        #expect(
            missing.reason
                == "blues/blues.00099.wav: no such clip on disk (neither genres/blues/blues.00099.au nor .wav)")
        // blues.00002, country.00008 and pop.00015 are in no list: counted, not used. The lists
        // themselves were read, not ignored.
        #expect(scan.ignoredFiles == 3)
        #expect(!scan.candidates.contains { $0.path.contains("country.00008") })
    }

    @Test func missingSplitListStopsTheBuild() throws {
        let fixture = try CorpusFixture("gtzan-nolist")
        try fixture.audio("genres/blues/blues.00000.au", format: .au16)
        try fixture.text("lists/train_filtered.txt", "blues/blues.00000.au\n")
        try fixture.text("lists/test_filtered.txt", "")
        #expect(throws: CorpusError.self) { try scan(fixture, Self.lists) }
    }

    @Test func buildFromKaggleWithSplitListsRejectsTheCorruptJazz00054() throws {
        let fixture = try CorpusFixture("gtzan-build-kaggle")
        for name in [
            "blues/blues.00000", "blues/blues.00001", "blues/blues.00002", "blues/blues.00003", "jazz/jazz.00053",
            "jazz/jazz.00033",
        ] {
            try fixture.audio("genres_original/\(name).wav")
        }
        // Kaggle's jazz.00054.wav does not decode; it is in the fault-filtered train list.
        var random = SeededRandom(seed: 1, stream: "jazz.00054")
        try fixture.bytes(
            "genres_original/jazz/jazz.00054.wav", (0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        try fixture.text(
            "lists/train_filtered.txt",
            "blues/blues.00000.wav\nblues/blues.00001.wav\njazz/jazz.00053.wav\njazz/jazz.00054.wav\n")
        try fixture.text("lists/valid_filtered.txt", "blues/blues.00002.wav\n")
        try fixture.text("lists/test_filtered.txt", "blues/blues.00003.wav\n")
        try fixture.writeRecipe(
            corpus: "name = \"gtzan\"\nkind = \"gtzan\"\nsplit_lists = \"lists\"", "[splits]\nmethod = \"official\"")

        let report = try buildReport(fixture)
        #expect(report.sources == 5)
        #expect(report.ignoredFiles == 1, "jazz.00033 is in no list")
        let sources = try indexedSources(fixture)
        #expect(
            sources["genres_original/blues/blues.00000.wav"]
                == IndexedSource(labels: ["blues"], group: "blues.00000", split: "train", attributes: [:]))
        #expect(sources["genres_original/blues/blues.00002.wav"]?.split == "validation")
        #expect(sources["genres_original/blues/blues.00003.wav"]?.split == "test")
        #expect(sources["genres_original/jazz/jazz.00053.wav"]?.labels == ["jazz"])
        #expect(sources["genres_original/jazz/jazz.00054.wav"] == nil)
        let rejects = try indexedRejects(fixture)
        #expect(sources["genres_original/jazz/jazz.00033.wav"] == nil)
        #expect(
            rejects.contains("undecodable-audio genres_original/jazz/jazz.00054.wav"), "probing rejects it: \(rejects)")
        #expect(report.rejectsByCode["undecodable-audio"] == 1)
    }

    @Test func buildFromTheMarsyasArchiveOfAUFiles() throws {
        let fixture = try CorpusFixture("gtzan-build-marsyas")
        for genre in ["classical", "reggae"] {
            for n in 0..<3 { try fixture.audio("genres/\(genre)/\(genre).0000\(n).au", format: .au16) }
        }
        try fixture.text("genres/bextract_single.mf", "genres/classical/classical.00000.au\tclassical\n")
        try fixture.writeRecipe(
            corpus: "name = \"gtzan\"\nkind = \"gtzan\"",
            "[splits]\nmethod = \"ratios\"\nratios = { train = 0.7, validation = 0.15, test = 0.15 }")

        let report = try buildReport(fixture)
        #expect(report.sources == 6 && report.rejects == 0 && report.ignoredFiles == 1)
        let sources = try indexedSources(fixture)
        #expect(
            sources["genres/reggae/reggae.00002.au"]
                == IndexedSource(labels: ["reggae"], group: "reggae.00002", split: nil, attributes: [:]))
        #expect(Set(sources.values.flatMap(\.labels)) == ["classical", "reggae"])
    }
}
