import Foundation
import Testing

/// The rules of docs/architecture.md, checked on the source text so that they stay true.
/// (SQL and the SQLite import staying inside Index: Tests/IndexTests/IndexBoundaryTests; one
/// child-process runner: Tests/MelshardCoreTests/OneChildProcessRunnerTests.)
@Suite struct ArchitectureRuleTests {
    let tree: SourceTree

    init() throws { tree = try SourceTree() }

    /// The unit skeleton (read the stage's units, store them, forget the gone) lives in UnitRunner alone.
    @Test func unitSkeletonOnce() {
        let offending = tree.sources.filter { file in
            file.module == "Build" && !file.path.hasSuffix("/UnitRunner.swift")
                && ["units(stage:", "putUnits(", "deleteUnits("].contains { file.text.contains($0) }
        }
        #expect(offending.map(\.path) == [])
    }

    /// Every module has its tests beside it in `Tests/<Module>Tests`; the exceptions are named.
    @Test func everyModuleHasATestTarget() throws {
        // The two resampler wrappers are measured against each other in one target; the
        // executable is ten lines that call MelshardCommands, whose tests run it.
        let sharedOrTrivial = [
            "Soxr": "ResamplerTests", "SampleRate": "ResamplerTests", "melshard": "MelshardCommandsTests",
        ]
        let folders = Set(
            try FileManager.default.contentsOfDirectory(atPath: tree.root.appendingPathComponent("Tests").path))
        let missing = tree.modules.filter { module in !folders.contains(sharedOrTrivial[module] ?? "\(module)Tests") }
        #expect(missing.sorted() == [])
    }

    /// Every module imports only what docs/architecture.md's table allows it, and the table
    /// names every module.
    @Test func importsFollowTheArchitecturePage() throws {
        let page = try String(contentsOf: tree.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let allowed = AllowedImports(page: page)
        #expect(!allowed.table.isEmpty, "docs/architecture.md has no '| module | may import |' table")
        let modules = tree.modules
        #expect(modules.subtracting(allowed.table.keys).sorted() == [], "modules missing from the table")
        #expect(
            Set(allowed.table.keys).subtracting(modules).sorted() == [], "the table names modules that do not exist")
        var violations: [String] = []
        for file in tree.sources {
            guard let module = file.module, let permitted = allowed.table[module] else { continue }
            for name in file.imports.intersection(modules.union(tree.cModules))
            where name != module && !permitted.contains(name) {
                violations.append("\(file.path) imports \(name)")
            }
        }
        #expect(violations == [])
    }
}

/// The allowed-imports table of docs/architecture.md: `| Module | A, B, C |` rows under a
/// `| module | may import |` header, C modules (`C…`) included.
struct AllowedImports {
    var table: [String: Set<String>] = [:]
    init(page: String) {
        var inTable = false
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if cells.count >= 3, cells[1] == "module", cells[2] == "may import" { inTable = true; continue }
            guard inTable else { continue }
            guard cells.count >= 3 else { inTable = false; continue }
            if cells[1].hasPrefix("---") { continue }
            let module = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let names = cells[2].split(separator: ",").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "` "))
            }
            table[module] = Set(names.filter { !$0.isEmpty && $0 != "—" && $0 != "nothing" })
        }
    }
}
