import Foundation
import TestSupport
import Testing

/// A folder melshard may not open (its permissions) held files that were neither sources nor
/// rejects nor counted: the walk skipped it without a word. Now the folder is an
/// `unreadable-folder` reject with the system's reason, and the build goes on with the rest.
@Suite struct UnreadableFolderTests {
    @Test func aFolderThatCannotBeOpenedIsARejectAndTheBuildGoesOn() throws {
        let fixture = try FolderCorpusFixture(label: "unreadable-folder", filesPerClass: 4)
        let locked = fixture.root + "/rock"
        #expect(chmod(locked, 0) == 0)
        defer { chmod(locked, 0o755) }
        let out = fixture.directory.file("out")

        let built = try Melshard.runHonouringPermissions(["build", fixture.recipe, "--out", out, "--json"])
        #expect(built.status == 0, "\(built.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(built.stdout.utf8)) as? [String: Any]
        let byCode = report?["rejects_by_code"] as? [String: Int]
        #expect(byCode?["unreadable-folder"] == 1, "\(built.stdout)")
        #expect(report?["sources"] as? Int == 8, "the other two classes' files are built")

        let listed = try Melshard.run(["rejects", out, "--code", "unreadable-folder"])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("rock"), "\(listed.stdout)")
        #expect(listed.stdout.contains("Permission denied"), "\(listed.stdout)")
    }
}
