import Foundation
import Ingest
import MelshardCore
import Recipe
import SQLite
import TestSupport
import Testing

/// Issue 17, defect 3: two files whose names differ only as NFC and NFD are two files on Linux,
/// but Swift's `String ==` took them for one and dropped the second as `duplicate-row`.
@Suite struct PathIdentityTests {
    /// `café` with a precomposed `é` (U+00E9) and with `e` and a combining acute (U+0301).
    static let nfc = "caf\u{E9}"
    static let nfd = "cafe\u{301}"

    @Test func theTwoSpellingsAreEqualStringsButDifferentPathKeys() {
        #expect(Self.nfc == Self.nfd, "the premise: Swift compares canonically")
        #expect(PathKey(Self.nfc) != PathKey(Self.nfd))
        #expect(Set([PathKey(Self.nfc), PathKey(Self.nfd)]).count == 2)
        #expect(PathKey(Self.nfc) < PathKey(Self.nfd) || PathKey(Self.nfd) < PathKey(Self.nfc))
        #expect(!PathKey(Self.nfd + "/x").hasPrefix(Self.nfc + "/"))
        #expect(StableID.of("c", "a/" + Self.nfc + ".wav") != StableID.of("c", "a/" + Self.nfd + ".wav"))
    }

    @Test func aFolderCorpusKeepsBothFiles() throws {
        let fixture = try CorpusFixture("nfc-nfd-folder")
        try fixture.audio("words/\(Self.nfc).wav")
        try fixture.audio("words/\(Self.nfd).wav")
        try fixture.audio("words/plain.wav")
        let result = try scan(fixture, .folder)
        #expect(result.rejects.isEmpty, "\(result.rejects)")
        #expect(result.candidates.count == 3)
        #expect(Set(result.candidates.map(\.id)).count == 3)
        #expect(Set(result.candidates.map { PathKey($0.path) }).count == 3)
    }

    @Test func aManifestNamingBothSpellingsKeepsBothRowsAndStillDropsARealRepeat() throws {
        let fixture = try CorpusFixture("nfc-nfd-table")
        try fixture.audio("\(Self.nfc).wav")
        try fixture.audio("\(Self.nfd).wav")
        try fixture.text("list.csv", "path,label\n\(Self.nfc).wav,a\n\(Self.nfd).wav,b\n\(Self.nfd).wav,b\n")
        let result = try scan(fixture, .table(TableOptions(manifest: "list.csv")))
        #expect(result.candidates.count == 2)
        #expect(Set(result.candidates.map(\.id)).count == 2)
        #expect(result.candidates.map(\.labels).sorted { $0[0] < $1[0] } == [["a"], ["b"]])
        #expect(result.rejects.map { "\($0.code) \($0.line ?? 0)" } == ["duplicate-row 4"])
    }

    @Test func aCommonVoiceTSVNamingBothSpellingsKeepsBothClips() throws {
        let fixture = try CorpusFixture("nfc-nfd-cv")
        try CommonVoiceLayout.clips(fixture, ["\(Self.nfc).mp3", "\(Self.nfd).mp3"])
        try fixture.text(
            "train.tsv",
            CommonVoiceLayout.tsv(
                .v10,
                [
                    CommonVoiceLayout.Clip(client: "a", path: "\(Self.nfc).mp3", sentence: "One."),
                    CommonVoiceLayout.Clip(client: "b", path: "\(Self.nfd).mp3", sentence: "Two."),
                ]))
        let result = try scan(fixture, .commonVoice(CommonVoiceOptions(tsvs: [.train])))
        #expect(result.rejects.isEmpty, "\(result.rejects)")
        #expect(Set(result.candidates.map { PathKey($0.path) }).count == 2)
    }

    /// The reproduction: a real `melshard build` of a folder corpus holding both files.
    @Test func aBuildIndexesBothFilesAsSources() throws {
        let fixture = try CorpusFixture("nfc-nfd-build")
        for name in [Self.nfc, Self.nfd, "one", "two"] { try fixture.audio("words/\(name).wav") }
        for name in ["three", "four", "five", "six"] { try fixture.audio("other/\(name).wav") }
        try fixture.writeRecipe(corpus: "name = \"c\"\nkind = \"folder\"")
        let report = try buildReport(fixture)
        #expect(report.sources == 8 && report.rejects == 0, "\(report.rejectsByCode)")
        let paths = try indexedPaths(fixture)
        #expect(paths.contains(Array("words/\(Self.nfc).wav".utf8)))
        #expect(paths.contains(Array("words/\(Self.nfd).wav".utf8)))

        // A second build reads the same two files again, keeps both, and probes neither again:
        // units are keyed by their names' bytes too.
        let again = try buildReport(fixture)
        #expect(again.sources == 8 && again.rejects == 0)
        #expect(again.units["probe"]?.rebuilt == 0 && again.units["probe"]?.reused == 8, "\(again.units)")
        #expect(again.units["shard"]?.rebuilt == 0, "\(again.units)")
    }

    /// The index's paths as bytes: a `[String: …]` of them would merge the two spellings again.
    func indexedPaths(_ fixture: CorpusFixture) throws -> [[UInt8]] {
        let db = try Database(path: fixture.output + "/index.sqlite", readOnly: true)
        return try db.execute("SELECT path FROM sources").map { Array(($0[0].text ?? "").utf8) }
    }
}
