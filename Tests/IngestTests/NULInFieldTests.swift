import Foundation
import Ingest
import MelshardCore
import Recipe
import TestSupport
import Testing

/// Issue 17, defect 7: a NUL byte in a manifest field was cut in the index (SQLite's C strings
/// end there) but kept in the card and the shards, and two labels differing only after it hit
/// a UNIQUE constraint. Every manifest is read through `ManifestFile`, which now makes such a
/// row a `nul-in-field` reject naming the file, the line and the column.
@Suite struct NULInFieldTests {
    static let nul = "\u{0}"

    @Test func theRowBecomesARejectNamingLineAndColumn() {
        let bytes = Array("path\tlabel\nx.wav\ta\u{0}b\né.wav\tok\u{0}\n".utf8)
        let file = ManifestFile(bytes: bytes, absolutePath: "/m.tsv", displayPath: "m.tsv", corpus: "c")
        #expect(file.lines.map(\.number) == [1])
        #expect(
            file.rejects.map { "\($0.code) \($0.path):\($0.line ?? 0)" } == [
                "nul-in-field m.tsv:2", "nul-in-field m.tsv:3",
            ])
        #expect(file.rejects[0].reason.contains("column 8"))
        #expect(file.rejects[1].reason.contains("column 9"), "columns count characters, not bytes")
    }

    @Test func aTableWithLabelsDifferingOnlyAfterANULKeepsTheGoodRows() throws {
        let fixture = try CorpusFixture("nul-table")
        for name in ["a.wav", "b.wav", "c.wav"] { try fixture.audio(name) }
        try fixture.text("list.csv", "path,label\na.wav,x\(Self.nul)one\nb.wav,x\(Self.nul)two\nc.wav,x\n")
        let result = try scan(fixture, .table(TableOptions(manifest: "list.csv")))
        #expect(result.candidates.map(\.path) == ["c.wav"])
        #expect(
            result.rejects.map { "\($0.code) \($0.path):\($0.line ?? 0)" } == [
                "nul-in-field list.csv:2", "nul-in-field list.csv:3",
            ])
    }

    @Test func aNULInTheHeaderStopsTheBuildInsteadOfTakingARowForTheHeader() throws {
        let fixture = try CorpusFixture("nul-table-header")
        try fixture.audio("a.wav")
        try fixture.text("list.csv", "path,la\(Self.nul)bel\na.wav,x\n")
        #expect(throws: CorpusError.self) { try scan(fixture, .table(TableOptions(manifest: "list.csv"))) }
    }

    @Test func commonVoiceRejectsTheRow() throws {
        let fixture = try CorpusFixture("nul-cv")
        try CommonVoiceLayout.clips(fixture, ["common_voice_en_1.mp3", "common_voice_en_2.mp3"])
        try fixture.text(
            "train.tsv",
            CommonVoiceLayout.tsv(
                .v10,
                [
                    CommonVoiceLayout.Clip(client: "a", path: "common_voice_en_1.mp3", sentence: "Fine."),
                    CommonVoiceLayout.Clip(client: "b", path: "common_voice_en_2.mp3", sentence: "Cut\(Self.nul)here."),
                ]))
        let result = try scan(fixture, .commonVoice(CommonVoiceOptions(tsvs: [.train])))
        #expect(result.candidates.map(\.path) == ["clips/common_voice_en_1.mp3"])
        #expect(result.rejects.map { "\($0.code) \($0.path):\($0.line ?? 0)" } == ["nul-in-field train.tsv:3"])
    }

    @Test func gtzanSplitListsRejectTheLine() throws {
        let fixture = try CorpusFixture("nul-gtzan")
        for n in 0..<3 { try fixture.audio("genres/blues/blues.0000\(n).au", format: .au16) }
        try fixture.text("lists/train_filtered.txt", "blues/blues.00000.au\nblues/blues.00001.au\(Self.nul)x\n")
        try fixture.text("lists/valid_filtered.txt", "blues/blues.00002.au\n")
        try fixture.text("lists/test_filtered.txt", "")
        let result = try scan(fixture, .gtzan(GTZANOptions(splitLists: "lists")))
        #expect(result.candidates.map(\.path) == ["genres/blues/blues.00000.au", "genres/blues/blues.00002.au"])
        #expect(
            result.rejects.map { "\($0.code) \($0.path):\($0.line ?? 0)" } == [
                "nul-in-field lists/train_filtered.txt:2"
            ])
    }

    @Test func ballroomsFileListRejectsTheLine() throws {
        let fixture = try CorpusFixture("nul-ballroom")
        for name in ["Jive/Media-1", "Jive/Media-2"] { try fixture.audio("BallroomData/\(name).wav") }
        try fixture.text("BallroomData/allBallroomFiles", "./Jive/Media-1.wav\n./Jive/Media-2.wav\(Self.nul)\n")
        let result = try scan(fixture, .ballroom(BallroomOptions()))
        #expect(result.candidates.map(\.path) == ["BallroomData/Jive/Media-1.wav"])
        #expect(
            result.rejects.map { "\($0.code) \($0.path)" + ($0.line.map { ":\($0)" } ?? "") }.sorted()
                == ["not-in-file-list BallroomData/Jive/Media-2.wav", "nul-in-field BallroomData/allBallroomFiles:2"])
    }

    @Test func jamendoRejectsTheRow() throws {
        let fixture = try CorpusFixture("nul-jamendo")
        try JamendoLayout.audio(fixture, [241, 851])
        let rows = JamendoLayout.tsv([
            JamendoLayout.row(241, artist: 5, tags: ["genre---rock"]),
            JamendoLayout.row(851, artist: 6, tags: ["genre---po\(Self.nul)p"]),
        ])
        try fixture.text("data/autotagging.tsv", rows)
        let result = try scan(fixture, .mtgJamendo(JamendoOptions()))
        #expect(result.candidates.map(\.path) == ["41/241.mp3"])
        #expect(
            result.rejects.map { "\($0.code) \($0.path):\($0.line ?? 0)" } == ["nul-in-field data/autotagging.tsv:3"])
    }

    /// The reproduction: a real `melshard build` of labels that differ only after a NUL failed
    /// with `UNIQUE constraint failed: labels.name`; now the two rows are rejects and the rest builds.
    @Test func aBuildRejectsTheRowsAndBuildsTheRest() throws {
        let fixture = try CorpusFixture("nul-build")
        for name in ["a1", "a2", "b1", "b2", "n1", "n2"] { try fixture.audio(name + ".wav") }
        try fixture.text(
            "list.csv",
            "path,label\na1.wav,a\na2.wav,a\nb1.wav,b\nb2.wav,b\nn1.wav,x\(Self.nul)one\nn2.wav,x\(Self.nul)two\n")
        try fixture.writeRecipe(corpus: "name = \"c\"\nkind = \"table\"\nmanifest = \"list.csv\"")
        let report = try buildReport(fixture)
        #expect(report.sources == 4)
        #expect(report.rejectsByCode["nul-in-field"] == 2)
        #expect(
            try indexedRejects(fixture).filter { $0.hasPrefix("nul-in-field") } == [
                "nul-in-field list.csv:6", "nul-in-field list.csv:7",
            ])
        let card = try String(contentsOfFile: fixture.output + "/dataset.json", encoding: .utf8)
        #expect(!card.contains("\\u0000"), "no NUL reaches the card")
    }
}
