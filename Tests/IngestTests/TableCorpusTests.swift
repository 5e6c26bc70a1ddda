import Ingest
import Recipe
import TestSupport
import Testing

@Suite struct TableCorpusTests {
    @Test func columnsAreFoundByNameAndTheRestAreAttributes() throws {
        let fixture = try CorpusFixture("table")
        for name in ["x/1.flac", "x/2.flac", "x/3.flac"] { try fixture.audio(name, format: .flac16) }
        try fixture.text(
            "meta.csv",
            """
            tempo,file,genre,artist,part
            120,x/1.flac,"rock; pop",ann,train
            ,x/2.flac,jazz,bob,dev
            90,"x/3.flac",jazz,,
            """)
        let scan = try scan(
            fixture,
            .table(
                TableOptions(
                    manifest: "meta.csv", pathColumn: "file", labelColumn: "genre",
                    labelSeparator: ";", groupColumn: "artist", splitColumn: "part")))
        #expect(scan.rejects.isEmpty)
        #expect(scan.candidates.map(\.path) == ["x/1.flac", "x/2.flac", "x/3.flac"])
        #expect(scan.candidates.map(\.labels) == [["rock", "pop"], ["jazz"], ["jazz"]])
        #expect(scan.candidates.map(\.group) == ["ann", "bob", "x/3.flac"], "an empty group falls back to the path")
        #expect(scan.candidates.map(\.officialSplit) == ["train", "validation", nil])
        #expect(scan.candidates.map(\.attributes) == [["tempo": "120"], [:], ["tempo": "90"]])
        #expect(scan.candidates[1].origin == ManifestOrigin(manifest: "meta.csv", line: 3))
    }

    @Test func aTSVIsNeverUnquoted() throws {
        let fixture = try CorpusFixture("table-tsv")
        try fixture.audio("\"odd\".wav")
        try fixture.text("list.tsv", "path\tlabel\n\"odd\".wav\tspeech\n")
        let scan = try scan(fixture, .table(TableOptions(manifest: "list.tsv")))
        #expect(scan.candidates.map(\.path) == ["\"odd\".wav"] && scan.rejects.isEmpty)
    }

    @Test func badRowsAreRejectedWithTheirLine() throws {
        let fixture = try CorpusFixture("table-bad")
        try fixture.audio("a.wav")
        try fixture.text(
            "list.csv", "path,label,split\na.wav,,train\na.wav,x,later\na.wav,x,\"train\"x\n\na.wav,x,test\n")
        let scan = try scan(fixture, .table(TableOptions(manifest: "list.csv", splitColumn: "split")))
        #expect(
            scan.rejects.map { "\($0.code):\($0.line ?? 0)" } == ["missing-label:2", "bad-split:3", "malformed-row:4"])
        #expect(scan.candidates.map(\.officialSplit) == ["test"])
    }

    @Test func aMissingColumnOrManifestStopsTheBuildAndSaysWhy() throws {
        let fixture = try CorpusFixture("table-columns")
        try fixture.text("list.csv", "file,label\n")
        #expect { try scan(fixture, .table(TableOptions(manifest: "list.csv"))) } throws: {
            "\($0)".contains("has no column 'path' (path_column)") && "\($0)".contains("its columns are file, label")
        }
        #expect { try scan(fixture, .table(TableOptions(manifest: "absent.csv"))) } throws: {
            "\($0)".contains("absent.csv cannot be read")
        }
    }
}
