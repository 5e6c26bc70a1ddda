import Build
import Foundation
import MelshardCore
import SQLite
import TestSupport
import Testing

/// A build split into parts (`build --part I/N`) and merged (`melshard merge`), run as real
/// subprocesses: the merged output must equal a one-machine build byte for byte, and a part
/// that is missing or was killed must be named by the merge and `status` (docs/cluster.md).
@Suite struct BuildPartsTests {
    static func fixture(_ label: String) throws -> FolderCorpusFixture {
        let fixture = try FolderCorpusFixture(label: label, filesPerClass: 6)
        try fixture.writeRecipe(shards: "clips_per_shard = 4")
        return fixture
    }

    static func part(
        _ fixture: FolderCorpusFixture, out: String, _ part: String, environment: [String: String] = [:]
    )
        throws -> Melshard.Outcome
    {
        try Melshard.run(["build", fixture.recipe, "--out", out, "--part", part, "--json"], environment: environment)
    }

    static func partStates(_ out: String) throws -> [String] {
        let outcome = try Melshard.run(["status", out, "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let report = try JSONDecoder().decode(StatusReport.self, from: Data(outcome.stdout.utf8))
        return report.parts.map { "\($0.part)/\($0.parts) \($0.state.rawValue)" }
    }

    @Test func badPartFormsAreUsageErrorsOfOneLine() throws {
        let fixture = try Self.fixture("part-forms")
        for (given, words) in [
            ("3/3", "I must be in 0…2"), ("-1/3", "I must be in 0…2"), ("1/0", "N must be at least 1"),
            ("x", "expected I/N"), ("1/2/3", "expected I/N"), ("1", "expected I/N"), ("+1/3", "expected I/N"),
            ("1/", "expected I/N"),
        ] {
            #expect(throws: BuildPartError.self) { try BuildPart(parsing: given) }
            // `--part=-1/3`: with a space, ArgumentParser would take `-1/3` for an option.
            let outcome = try Melshard.run(
                ["build", fixture.recipe, "--out", fixture.directory.file("out"), "--part=\(given)"])
            #expect(outcome.status == 64, "--part \(given)")
            let first = outcome.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(first.hasPrefix("Error: --part \(given): \(words)"), "\(first)")
        }
        #expect(try BuildPart(parsing: "2/3") == BuildPart(index: 2, count: 3))
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.file("out")))
    }

    @Test func everyShardHasExactlyOneOwnerAndTheOwnersSpread() {
        let names = (0..<400).map { "train-\(String($0, radix: 16))" }
        for count in [1, 2, 3, 7] {
            let owners = names.map { BuildPart.owner(of: $0, parts: count) }
            #expect(Set(owners) == Set(0..<count))
            for name in names {
                let parts = (0..<count).filter { (try! BuildPart(index: $0, count: count)).owns(name) }
                #expect(parts.count == 1)
            }
        }
        // SHA-256("train-0") begins 0x…: a fixed point so that the rule cannot drift unnoticed.
        let digest = SHA256Digest.hex(of: Array("train-0".utf8))
        #expect(BuildPart.owner(of: "train-0", parts: 5) == Int(UInt64(digest.prefix(16), radix: 16)! % 5))
    }

    @Test func partsAndMergeEqualAOneMachineBuildByteForByte() throws {
        let fixture = try Self.fixture("parts-merge")
        let one = fixture.directory.file("one"), split = fixture.directory.file("split")
        let whole = try build(fixture, out: one)
        var written: [Set<String>] = []
        for i in 0..<3 {
            let outcome = try Self.part(fixture, out: split, "\(i)/3")
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let names = try Database(path: split + "/parts/\(i)-of-3.sqlite", readOnly: true)
                .execute("SELECT name FROM shards").compactMap { $0[0].text }
            written.append(Set(names))
        }
        // Two parts never write the same shard, and together they write every one.
        #expect(written[0].isDisjoint(with: written[1]) && written[1].isDisjoint(with: written[2]))
        #expect(written[0].isDisjoint(with: written[2]))
        #expect(written.reduce(Set()) { $0.union($1) }.count == whole.shards)
        #expect(whole.shards >= 6 && written.allSatisfy { !$0.isEmpty })
        #expect(!FileManager.default.fileExists(atPath: split + "/dataset.json"), "a part writes no card")
        #expect(try Self.partStates(split) == ["0/3 done", "1/3 done", "2/3 done"])

        let merge = try Melshard.run(["merge", split])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(
            merge.stdout.contains("\(whole.shards) shard(s) (\(whole.shards) taken from the parts, 0 merged before)"))
        #expect(try OutputSnapshot(split) == OutputSnapshot(one))
        // A second merge changes nothing and takes nothing again.
        let again = try Melshard.run(["merge", split, "--json"])
        let report = try JSONDecoder().decode(BuildReport.self, from: Data(again.stdout.utf8))
        #expect(report.units["shard"]?.reused == whole.shards && report.units["probe"]?.rebuilt == 0)
        #expect(try OutputSnapshot(split) == OutputSnapshot(one))
    }

    @Test func aMissingPartIsNamedByTheMergeAndStatus() throws {
        let fixture = try Self.fixture("parts-missing")
        let split = fixture.directory.file("split")
        for i in [0, 2] { #expect(try Self.part(fixture, out: split, "\(i)/3").status == 0) }
        #expect(try Self.partStates(split) == ["0/3 done", "1/3 missing", "2/3 done"])
        let merge = try Melshard.run(["merge", split, "--parts", "3"])
        #expect(merge.status == 1)
        let lines = merge.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Error: \(split): cannot merge: ") == true)
        #expect(lines.filter { $0.hasPrefix("part ") } == lines.filter { $0.hasPrefix("part 1/3: missing: ") })
        #expect(lines.count == 2, "one line for the one missing part: \(lines)")
        #expect(!FileManager.default.fileExists(atPath: split + "/dataset.json"))
        // Without --parts, a folder holding parts of two splits is ambiguous.
        #expect(try Self.part(fixture, out: split, "0/2").status == 0)
        let ambiguous = try Melshard.run(["merge", split])
        #expect(ambiguous.status == 1 && ambiguous.stderr.contains("builds in 2, 3 parts; say which to merge"))
    }

    @Test func aKilledPartIsReportedThenResumesAndTheMergeEqualsOneBuild() throws {
        let fixture = try Self.fixture("parts-killed")
        let one = fixture.directory.file("one"), split = fixture.directory.file("split")
        _ = try build(fixture, out: one)
        for i in [0, 2] { #expect(try Self.part(fixture, out: split, "\(i)/3").status == 0) }
        let killed = try Self.part(fixture, out: split, "1/3", environment: ["MELSHARD_KILL_AT": "shard-batch:1"])
        #expect(killed.killedBySignal && killed.status == SIGKILL)
        #expect(try Self.partStates(split) == ["0/3 done", "1/3 partial", "2/3 done"])
        let merge = try Melshard.run(["merge", split])
        #expect(merge.status == 1)
        #expect(merge.stderr.contains("part 1/3: failed or killed before it finished (1 of "))
        #expect(!merge.stderr.contains("part 0/3") && !merge.stderr.contains("part 2/3"))

        let resumed = try Self.part(fixture, out: split, "1/3")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let report = try JSONDecoder().decode(BuildReport.self, from: Data(resumed.stdout.utf8))
        #expect(report.units["shard"]?.reused == 1, "the shard committed before the kill is reused")
        let merged = try Melshard.run(["merge", split])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try OutputSnapshot(split) == OutputSnapshot(one))
    }

    @Test func aPartExcludesItsOwnRerunsAndTheMergeButNotOtherParts() throws {
        let fixture = try Self.fixture("parts-locks")
        let split = fixture.directory.file("split")
        try FileManager.default.createDirectory(atPath: split + "/parts", withIntermediateDirectories: true)
        // This process stands for a running part 1/2: the output's lock shared, its own exclusive.
        var holding: [DirectoryLock]? = [
            try DirectoryLock(directory: split, shared: true),
            try DirectoryLock(directory: split + "/parts", fileName: "1-of-2.lock"),
        ]
        let same = try Self.part(fixture, out: split, "1/2")
        #expect(same.status == 1 && same.stderr.contains("parts/1-of-2.lock is locked"))
        #expect(try Self.part(fixture, out: split, "0/2").status == 0, "another part runs beside it")
        #expect(try Self.partStates(split) == ["0/2 done", "1/2 running"])
        let merge = try Melshard.run(["merge", split])
        #expect(merge.status == 1 && merge.stderr.contains(".melshard.lock is locked"))
        let whole = try Melshard.run(["build", fixture.recipe, "--out", split])
        #expect(whole.status == 1 && whole.stderr.contains(".melshard.lock is locked"))
        holding = nil
        _ = holding
        #expect(try Self.part(fixture, out: split, "1/2").status == 0)
        #expect(try Melshard.run(["merge", split]).status == 0)
    }
}
