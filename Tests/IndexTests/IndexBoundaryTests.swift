import Foundation
import Testing

/// Keeps true what issue 19 made true: `Index` is the one module that holds SQL or imports
/// `SQLite`, so the schema can change in one place. Reads the package's own sources.
@Suite struct IndexBoundaryTests {
    /// The package root: this file is Tests/IndexTests/IndexBoundaryTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The modules allowed to know SQLite: its wrapper, its C module, and the index.
    static let allowed: Set<String> = ["Index", "SQLite", "CSQLite"]

    /// Every Swift file under Sources/ outside the allowed modules, with its path from the root.
    static func otherSources() throws -> [(path: String, text: String)] {
        let sources = root.appendingPathComponent("Sources")
        var files: [(String, String)] = []
        let modules = try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted()
        for module in modules where !allowed.contains(module) {
            let enumerator = FileManager.default.enumerator(atPath: sources.appendingPathComponent(module).path)
            while let relative = enumerator?.nextObject() as? String {
                guard relative.hasSuffix(".swift") else { continue }
                let path = "Sources/\(module)/\(relative)"
                files.append((path, try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)))
            }
        }
        return files
    }

    @Test func noOtherModuleImportsSQLite() throws {
        let files = try Self.otherSources()
        #expect(files.count > 100, "found only \(files.count) source files under \(Self.root.path)")
        let importSQLite = try Regex(#"^\s*(@\w+\s+)*import\s+(\w+\s+)?C?SQLite\b"#).anchorsMatchLineEndings()
        let offenders = files.filter { $0.text.contains(importSQLite) }.map(\.path)
        #expect(offenders.isEmpty, "import SQLite outside Index: \(offenders)")
    }

    /// A statement is recognised by its opening words at the start of a string literal or of a
    /// line of a multi-line one; prose that quotes SQL in backticks (`melshard inspect`'s help)
    /// is not a statement.
    @Test func noOtherModuleHoldsSQL() throws {
        let opening =
            #"SELECT|INSERT|UPDATE \w+ SET|DELETE FROM|CREATE (TABLE|INDEX)|ALTER TABLE|DROP|PRAGMA"#
            + #"|WITH \w+ AS"#
        let statement = try Regex(#"(^\s*|")("# + opening + #")\b"#)
        let offenders = try Self.otherSources().flatMap { file in
            file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.element.contains(statement) }.map { "\(file.path):\($0.offset + 1)" }
        }
        #expect(offenders.isEmpty, "SQL outside Index: \(offenders)")
    }

    @Test func onlyIndexDependsOnSQLiteInThePackage() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        // `.target(name: "X", dependencies: [...])` and the executable's; test targets may
        // inspect real index files from outside, so they are not listed.
        let target = try Regex(#"\.(target|executableTarget)\(name:\s*"(\w+)",\s*dependencies:\s*\[([^\]]*)\]"#)
        let dependents = manifest.matches(of: target).compactMap { match -> String? in
            guard let name = match.output[2].substring, let dependencies = match.output[3].substring else { return nil }
            return dependencies.contains("\"SQLite\"") ? String(name) : nil
        }
        #expect(dependents == ["Index"])
    }
}
