import Build
import Foundation
import MelshardCore
import TestSupport
import Testing

/// Issue 17, defect 5: garbage written into `index.sqlite` left `verify` saying "all intact" and
/// `build` reusing everything, and the other commands printed raw SQLite errors.
@Suite struct IndexDamageTests {
    let fm = FileManager.default

    /// Overwrites `count` bytes at `offset` of the file with seeded garbage.
    func scribble(_ path: String, at offset: Int, count: Int, seed: UInt64) throws {
        var random = SeededRandom(seed: seed, stream: "garbage")
        let garbage = Data((0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: garbage)
        try handle.close()
    }

    @Test func aDamagedIndexIsReportedRefusedAndRecoverable() throws {
        let fixture = try FolderCorpusFixture(label: "index-damage")
        let clean = fixture.directory.file("clean")
        _ = try build(fixture, out: clean)
        let original = try OutputSnapshot(clean)
        let size = try fm.attributesOfItem(atPath: clean + "/index.sqlite")[.size] as! Int
        let page = 4096
        #expect(size >= 8 * page, "the fixture's index has pages to damage (\(size) bytes)")

        // Whole pages of garbage with the 100-byte header intact, at several places; then the header itself.
        let damages: [(name: String, offset: Int, count: Int)] = [
            ("second page", page, page), ("middle pages", (size / page / 2) * page, 2 * page),
            ("last page", size - page, page), ("header", 0, 100),
        ]
        for (n, damage) in damages.enumerated() {
            let out = fixture.directory.file("damaged-\(n)")
            try fm.copyItem(atPath: clean, toPath: out)
            let index = out + "/index.sqlite"
            try scribble(index, at: damage.offset, count: damage.count, seed: UInt64(n))

            let verify = try Melshard.run(["verify", out, "--json"])
            #expect(verify.status == 1, "\(damage.name): \(verify.stdout) \(verify.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any]
            #expect((json?["index_problems"] as? [String])?.isEmpty == false, "\(damage.name)")
            #expect(json?["ok"] as? Bool == false)
            let text = try Melshard.run(["verify", out])
            #expect(text.stdout.contains("index.sqlite: ") && text.stdout.contains("delete index.sqlite"))

            for extra in [[], ["--dry-run"]] {
                let rebuild = try Melshard.run(["build", fixture.recipe, "--out", out] + extra)
                #expect(rebuild.status == 1, "\(damage.name) \(extra): the build must refuse the index")
                #expect(rebuild.stderr.split(separator: "\n").count == 1, "\(rebuild.stderr)")
                #expect(rebuild.stderr.contains("\(index): the index is damaged"), "\(rebuild.stderr)")
                #expect(rebuild.stderr.contains("delete index.sqlite"))
            }

            // The readers fail, when they fail, with one line that names the file.
            for command in [["status", out], ["plan", out], ["rejects", out], ["check", out]] {
                let outcome = try Melshard.run(command)
                if damage.name == "header" { #expect(outcome.status == 1, "\(command[0]) on a destroyed header") }
                guard outcome.status != 0 else { continue }
                #expect(outcome.stderr.split(separator: "\n").count == 1, "\(command[0]): \(outcome.stderr)")
                #expect(outcome.stderr.contains(index), "\(command[0]): \(outcome.stderr)")
                #expect(!outcome.stderr.contains("SELECT"), "\(command[0]): no SQL in the message")
            }

            // The recovery the message gives: delete the index and build again.
            try fm.removeItem(atPath: index)
            for journal in ["-wal", "-shm"] { try? fm.removeItem(atPath: index + journal) }
            let recovered = try build(fixture, out: out)
            #expect(recovered.reused == 0, "nothing is reused without an index")
            #expect(try Melshard.run(["verify", out]).status == 0)
            #expect(try OutputSnapshot(out) == original, "\(damage.name): the rebuilt output equals the clean one")
        }
    }

    /// A build skips SQLite's whole-file check when the index is as the last finished build
    /// left it (`IndexStamp`): same inode, size, modification and status-change times, and an
    /// empty log. Reading it (`status`, a dry run) keeps that; a `touch` or a copy does not; and
    /// garbage written into the same file, in place and at the same size, is still refused.
    @Test func aStampedIndexIsNotCheckedAgainButDamageInPlaceIsRefused() throws {
        let fixture = try FolderCorpusFixture(label: "index-stamp")
        let out = fixture.directory.file("out")
        let index = out + "/index.sqlite"
        #expect(try !build(fixture, out: out).indexChecked, "a new index has nothing to check")
        #expect(fm.fileExists(atPath: out + "/.melshard.index-stamp"))
        #expect(try !build(fixture, out: out).indexChecked, "untouched since the last build")
        #expect(try Melshard.run(["status", out]).status == 0)
        #expect(try Melshard.run(["build", fixture.recipe, "--out", out, "--dry-run"]).status == 0)
        #expect(try !build(fixture, out: out).indexChecked, "status and a dry run only read it")

        // A touch changes its times: checked once, then stamped again.
        let touched = Date().addingTimeInterval(-3600)
        try fm.setAttributes([.modificationDate: touched], ofItemAtPath: index)
        #expect(try build(fixture, out: out).indexChecked)
        #expect(try !build(fixture, out: out).indexChecked)
        // A copy of the output is another file.
        let copy = fixture.directory.file("copy")
        try fm.copyItem(atPath: out, toPath: copy)
        #expect(try build(fixture, out: copy).indexChecked)

        let size = try fm.attributesOfItem(atPath: index)[.size] as! Int
        try scribble(index, at: 4096, count: 4096, seed: 7)
        #expect(try fm.attributesOfItem(atPath: index)[.size] as! Int == size)
        for extra in [["--dry-run"], []] {
            let rebuild = try Melshard.run(["build", fixture.recipe, "--out", out] + extra)
            #expect(rebuild.status == 1, "\(extra): the build must refuse the index")
            #expect(rebuild.stderr.contains("\(index): the index is damaged"), "\(rebuild.stderr)")
        }
    }

    /// A build stopped before its first transaction (a full disk, a kill) leaves an index.sqlite
    /// with no tables. The readers say so in one line, without SQL; verify does not call it
    /// intact; and the next build gives the clean output.
    @Test func anIndexWithoutTablesIsUnfinishedAndTheNextBuildCompletesIt() throws {
        let fixture = try FolderCorpusFixture(label: "index-unfinished")
        let clean = fixture.directory.file("clean")
        _ = try build(fixture, out: clean)
        let out = fixture.directory.file("unfinished")
        try fm.createDirectory(atPath: out + "/shards", withIntermediateDirectories: true)
        _ = fm.createFile(atPath: out + "/index.sqlite", contents: Data())

        let verify = try Melshard.run(["verify", out])
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("index.sqlite: holds no index yet"), "\(verify.stdout)")
        #expect(!verify.stdout.contains("no such table"))
        for command in [["status", out], ["plan", out], ["rejects", out], ["check", out]] {
            let outcome = try Melshard.run(command)
            #expect(outcome.status == 1, "\(command[0]): \(outcome.stdout)")
            #expect(
                outcome.stderr == "Error: \(out)/index.sqlite: holds no index yet: the build that made it stopped "
                    + "before writing its tables; run `melshard build RECIPE --out DIR` again\n", "\(command[0])")
        }
        let dryRun = try Melshard.run(["build", fixture.recipe, "--out", out, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        _ = try build(fixture, out: out)
        #expect(try OutputSnapshot(out) == OutputSnapshot(clean))
    }
}
