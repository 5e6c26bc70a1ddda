import Build
import Foundation
import TestSupport
import Testing

/// Issue 17, defect 10: an empty dataset ended "0 shard(s)" with exit code 0 and no word.
@Suite struct EmptyDatasetTests {
    let fm = FileManager.default

    /// Builds `fixture` three ways: plain (succeeds with a warning on stderr and in --json), and
    /// with --strict (fails with exit code 1).
    func expectEmpty(
        _ fixture: FolderCorpusFixture, hint: String, strictly: String = "--strict: the dataset holds no clips"
    ) throws {
        let out = fixture.directory.file("out")
        let plain = try Melshard.run(["build", fixture.recipe, "--out", out])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stderr.contains("warning: the dataset holds no clips"), "\(plain.stderr)")
        #expect(plain.stderr.contains(hint), "\(plain.stderr)")

        let report = try build(fixture, out: out)
        #expect(report.clips == 0 && report.shards == 0)
        #expect(report.warnings.count == 1 && report.warnings[0].hasPrefix("the dataset holds no clips"))
        let json = try Melshard.run(["build", fixture.recipe, "--out", out, "--json"])
        let fields = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((fields?["warnings"] as? [String])?.count == 1)

        let strict = try Melshard.run(["build", fixture.recipe, "--out", fixture.directory.file("strict"), "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains(strictly), "\(strict.stderr)")
    }

    @Test func anEmptyRoot() throws {
        let fixture = try FolderCorpusFixture(label: "empty-root", classes: [])
        try fm.createDirectory(atPath: fixture.root, withIntermediateDirectories: true)
        try expectEmpty(fixture, hint: "0 usable source(s)")
    }

    @Test func aManifestWithAHeaderOnly() throws {
        let fixture = try FolderCorpusFixture(label: "header-only", classes: ["jazz"], filesPerClass: 2)
        try "path,label\n".write(toFile: fixture.root + "/labels.csv", atomically: true, encoding: .utf8)
        let recipe = try String(contentsOfFile: fixture.recipe, encoding: .utf8)
            .replacingOccurrences(of: "kind = \"folder\"", with: "kind = \"table\"\nmanifest = \"labels.csv\"")
        try recipe.write(toFile: fixture.recipe, atomically: true, encoding: .utf8)
        try expectEmpty(fixture, hint: "check each corpus root and manifest")
    }

    @Test func labelsThatMatchNothing() throws {
        let fixture = try FolderCorpusFixture(label: "no-match", filesPerClass: 2)
        try fixture.writeRecipe("[classes]\nallow = [\"polka\"]")
        // Every source loses its only class, a reject, which --strict reports first.
        try expectEmpty(
            fixture, hint: "check [classes] against the corpus labels", strictly: "--strict: 6 input(s) rejected")
    }

    @Test func aDatasetWithClipsHasNoWarning() throws {
        let fixture = try FolderCorpusFixture(label: "not-empty", filesPerClass: 2)
        let outcome = try Melshard.run(["build", fixture.recipe, "--out", fixture.directory.file("out"), "--strict"])
        #expect(outcome.status == 0 && !outcome.stderr.contains("warning"), "\(outcome.stderr)")
    }
}
