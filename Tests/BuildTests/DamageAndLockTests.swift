import Build
import Foundation
import MelshardCore
import Safetensors
import TestSupport
import Testing

@Suite struct DamageAndLockTests {
    @Test func verifyReportsDamagedShardsAndTheNextBuildRewritesThem() throws {
        let fixture = try FolderCorpusFixture(label: "damage")
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)
        let clean = try OutputSnapshot(out)
        #expect(try Melshard.run(["verify", out]).status == 0)
        let names = clean.shards.keys.sorted()
        #expect(names.count >= 3)
        let dir = out + "/shards/"

        // 1. Truncated.
        let truncated = clean.shards[names[0]]!
        try truncated.prefix(truncated.count - 100).write(to: URL(fileURLWithPath: dir + names[0]))
        // 2. One byte flipped in the data.
        var flipped = [UInt8](clean.shards[names[1]]!)
        flipped[flipped.count - 7] ^= 0x40
        try Data(flipped).write(to: URL(fileURLWithPath: dir + names[1]))
        // 3. Header offsets past the end: the last offset grows, the header keeps its length.
        var header = [UInt8](clean.shards[names[2]]!)
        let headerLength = Int(
            header[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        let text = String(decoding: header[8..<(8 + headerLength)], as: UTF8.self)
        let end = header.count - 8 - headerLength
        let bigger = String(repeating: "9", count: String(end).count)
        #expect(Int(bigger)! > end, "the fixture's data size must not be all nines")
        let padded = text.replacingOccurrences(of: ",\(end)]", with: ",\(bigger)]")
        #expect(padded.utf8.count == headerLength && padded != text)
        header.replaceSubrange(8..<(8 + headerLength), with: Array(padded.utf8))
        try Data(header).write(to: URL(fileURLWithPath: dir + names[2]))
        #expect(throws: SafetensorsError.self) { try SafetensorsFile(path: dir + names[2]) }

        let verify = try Melshard.run(["verify", out, "--json"])
        #expect(verify.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as! [String: Any]
        let damaged = Set((json["damaged"] as! [[String: Any]]).map { "\($0["shard"]!).safetensors" })
        #expect(damaged == Set(names[0..<3]))
        #expect(json["ok"] as? Bool == false)

        let report = try build(fixture, out: out)
        #expect(rewrittenShards(report) == Set(names[0..<3].map { String($0.dropLast(".safetensors".count)) }))
        #expect(try Melshard.run(["verify", out]).status == 0)
        #expect(try OutputSnapshot(out) == clean)
    }

    @Test func aSecondBuildOnALockedDirectoryFailsAtOnceNamingTheLock() throws {
        let fixture = try FolderCorpusFixture(label: "lock", filesPerClass: 2)
        let out = fixture.directory.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let held = try DirectoryLock(directory: out)
        let started = Date()
        let second = try Melshard.run(["build", fixture.recipe, "--out", out])
        #expect(second.status == 1)
        #expect(second.stderr.contains(".melshard.lock") && second.stderr.contains("pid \(getpid())"))
        #expect(Date().timeIntervalSince(started) < 5)
        withExtendedLifetime(held) {}
    }

    @Test func pathsThatLeaveTheCorpusRootAreRefused() throws {
        let fixture = try FolderCorpusFixture(label: "escape", filesPerClass: 2)
        try fixture.writeSource("jazz", 7)
        let outside = fixture.directory.file("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: fixture.root + "/jazz/jazz-007.wav", toPath: outside + "/stolen.wav")
        try FileManager.default.createSymbolicLink(
            atPath: fixture.root + "/jazz/link.wav", withDestinationPath: outside + "/stolen.wav")
        try FileManager.default.createSymbolicLink(atPath: fixture.root + "/rock/linked", withDestinationPath: outside)
        let out = fixture.directory.file("out")
        let report = try build(fixture, out: out)
        #expect(report.rejectsByCode["path-escapes-root"] == 1)
        let paths = try query(out, "SELECT path FROM sources").compactMap { $0[0].text }
        #expect(paths.count == 6 && !paths.contains { $0.contains("link") })
        let rejected = try query(out, "SELECT path, stage FROM rejects WHERE code = 'path-escapes-root'")
        #expect(rejected.map { $0.compactMap(\.text) } == [["jazz/link.wav", "ingest"]])
    }

    @Test func statusCountsClassesSplitsRejectsAndStaleness() throws {
        let fixture = try FolderCorpusFixture(label: "status", filesPerClass: 4)
        try Data("not audio".utf8).write(to: URL(fileURLWithPath: fixture.root + "/jazz/broken.wav"))
        try FileManager.default.createDirectory(atPath: fixture.root + "/jazz/empty", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: fixture.root + "/jazz/empty/zero.wav", contents: Data())
        try fixture.writeSource("rock", 9, seconds: 0.2)
        let out = fixture.directory.file("out")
        let report = try build(fixture, out: out)
        #expect(report.rejectsByCode == ["undecodable-audio": 1, "empty-file": 1, "shorter-than-clip": 1])
        let strict = try Melshard.run(["build", fixture.recipe, "--out", fixture.directory.file("strict"), "--strict"])
        #expect(strict.status == 1 && strict.stderr.contains("--strict") && strict.stderr.contains("jazz/broken.wav"))

        let status = try Melshard.run(["status", out, "--json"])
        #expect(status.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as! [String: Any]
        #expect(
            json["rejects_by_code"] as? [String: Int] == [
                "undecodable-audio": 1, "empty-file": 1, "shorter-than-clip": 1,
            ])
        let clips = json["clips"] as! [String: [String: Int]]
        let total: Int = clips.values.flatMap(\.values).reduce(0, +)
        #expect(total == 36)
        #expect(((json["stale"] as! [String: Any])["units"] as! [Any]).isEmpty)
        try fixture.writeSource("jazz", 1, variant: 2)
        let stale =
            try JSONSerialization.jsonObject(with: Data(try Melshard.run(["status", out, "--json"]).stdout.utf8))
            as! [String: Any]
        let units = (stale["stale"] as! [String: Any])["units"] as! [[String: Any]]
        #expect(
            units.contains { $0["stage"] as? String == "probe" && $0["name"] as? String == "music/jazz/jazz-001.wav" })
        #expect(units.contains { $0["stage"] as? String == "shard" })
        let text = try Melshard.run(["status", out])
        #expect(text.stdout.contains("undecodable-audio 1") && text.stdout.contains("stale:"))
    }
}
