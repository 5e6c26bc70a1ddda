import Ingest
import Testing

@Suite struct ManifestFileTests {
    func read(_ bytes: [UInt8]) -> ManifestFile {
        ManifestFile(bytes: bytes, absolutePath: "/r/m.tsv", displayPath: "m.tsv", corpus: "c")
    }

    @Test func crlfLfAndAByteOrderMarkAllGiveTheSameLines() {
        let lf = read(Array("a\tb\nc\n".utf8))
        let crlf = read(Array("\u{FEFF}a\tb\r\nc\r\n".utf8))
        #expect(lf.lines == crlf.lines)
        #expect(lf.lines.map(\.number) == [1, 2] && lf.lines.map(\.text) == ["a\tb", "c"])
    }

    @Test func aLastLineWithoutNewlineIsRead() {
        #expect(read(Array("a\nb".utf8)).lines.map(\.text) == ["a", "b"])
    }

    @Test func fieldsKeepQuotesAndTrailingEmptyFields() {
        let line = read(Array("\"\"\"Good-bye,\"\" said the boy.\"\t\t\n".utf8)).lines[0]
        #expect(line.fields() == ["\"\"\"Good-bye,\"\" said the boy.\"", "", ""])
    }

    @Test func aNonUTF8LineIsOneRejectWithItsLineAndTheRestIsRead() {
        let file = read(Array("ok\n".utf8) + [0x61, 0x62, 0xFF, 0x63] + Array("\nalso ok\n".utf8))
        #expect(file.lines.map(\.text) == ["ok", "also ok"])
        #expect(file.lines.map(\.number) == [1, 3])
        #expect(file.rejects.count == 1)
        #expect(file.rejects.first?.line == 2 && file.rejects.first?.code == "invalid-utf8")
        #expect(file.rejects.first?.reason.contains("byte 3 of the line (0xFF)") == true)
    }

    @Test func blankLinesKeepTheirNumbers() {
        let file = read(Array("a\n\n\nb\n".utf8))
        #expect(file.lines.map(\.number) == [1, 2, 3, 4])
    }
}
