import Foundation
import TOML
import TestSupport
import Testing

@Suite struct FileTests {
    let directory = TemporaryDirectory("toml")

    @Test func readsAFile() throws {
        let path = directory.file("recipe.toml")
        try Data("\u{FEFF}name = \"demo\"\r\n[clips]\r\nper_source = 3\r\n".utf8).write(to: URL(fileURLWithPath: path))
        let table = try TOMLDocument.parse(contentsOf: path)
        #expect(table == ["name": "demo", "clips": ["per_source": 3]])
        #expect(table.line(of: "clips") == 2)
    }

    @Test func errorsNameTheFile() throws {
        let path = directory.file("bad.toml")
        try Data("a = 1\na = 2\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: TOMLError(path: path, line: 2, column: 1, reason: "key 'a' is defined twice (first on line 1)"))
        {
            try TOMLDocument.parse(contentsOf: path)
        }
    }

    @Test func aMissingFileIsATOMLError() {
        let path = directory.file("missing.toml")
        #expect(throws: TOMLError(path: path, line: 0, column: 0, reason: "no such file")) {
            try TOMLDocument.parse(contentsOf: path)
        }
    }

    @Test func aDirectoryIsATOMLError() {
        #expect(throws: TOMLError(path: directory.path, line: 0, column: 0, reason: "is a directory, not a TOML file"))
        {
            try TOMLDocument.parse(contentsOf: directory.path)
        }
    }

    @Test func invalidUTF8IsReportedWhereItStarts() throws {
        let path = directory.file("latin1.toml")
        // "name = 'café'" in Latin-1: é is the single byte 0xE9.
        try Data(Array("a = 1\nname = 'caf".utf8) + [0xE9, 0x27]).write(to: URL(fileURLWithPath: path))
        #expect(throws: TOMLError(path: path, line: 2, column: 12, reason: "the file is not valid UTF-8 (byte 0xE9)")) {
            try TOMLDocument.parse(contentsOf: path)
        }
    }
}
