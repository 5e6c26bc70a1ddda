import Foundation
import Ingest
import MelshardCore
import Recipe
import TestSupport
import Testing

@Suite struct CorpusRootTests {
    let fixture: CorpusFixture
    let root: CorpusRoot

    init() throws {
        fixture = try CorpusFixture("corpus-root")
        try fixture.audio("a/x.wav")
        root = try CorpusRoot(CorpusSpec(name: "c", root: fixture.root))
    }

    func code(_ path: String, origin: ManifestOrigin? = nil) -> String {
        switch root.locate(path, origin: origin) {
        case .success(let file): "ok \(file.relative)"
        case .failure(let reject): reject.code
        }
    }

    @Test func pathsAreNormalisedInsideTheRoot() {
        #expect(code("a/x.wav") == "ok a/x.wav")
        #expect(code("./a//x.wav") == "ok a/x.wav")
    }

    @Test func escapesAreRefusedWhateverTheirForm() throws {
        try fixture.bytes(fixture.directory.file("secret.wav"), [1, 2, 3])
        try FileManager.default.createSymbolicLink(
            atPath: fixture.root + "/link.wav", withDestinationPath: fixture.directory.file("secret.wav"))
        try FileManager.default.createSymbolicLink(
            atPath: fixture.root + "/outdir", withDestinationPath: fixture.directory.path)
        #expect(code("../secret.wav") == "path-escapes-root")
        #expect(code("a/../../secret.wav") == "path-escapes-root")
        #expect(code(fixture.directory.file("secret.wav")) == "path-escapes-root")
        #expect(code("link.wav") == "path-escapes-root")
        #expect(code("outdir/secret.wav") == "path-escapes-root")
    }

    @Test func aLinkThatStaysInsideIsFollowed() throws {
        try FileManager.default.createSymbolicLink(
            atPath: fixture.root + "/alias.wav", withDestinationPath: fixture.root + "/a/x.wav")
        #expect(code("alias.wav") == "ok alias.wav")
    }

    @Test func missingEmptyDanglingAndFolderAreEachNamed() throws {
        try fixture.bytes("empty.wav", [])
        try FileManager.default.createSymbolicLink(
            atPath: fixture.root + "/dangling.wav", withDestinationPath: fixture.root + "/gone.wav")
        #expect(code("nothere.wav") == "missing-file")
        #expect(code("empty.wav") == "empty-file")
        #expect(code("dangling.wav") == "missing-file")
        #expect(code("a") == "not-a-file")
        #expect(code("") == "missing-file")
    }

    @Test func aManifestRowsRejectNamesTheManifestAndLine() {
        guard
            case .failure(let reject) = root.locate(
                "nothere.wav", origin: ManifestOrigin(manifest: "list.tsv", line: 7))
        else {
            Issue.record("expected a reject")
            return
        }
        #expect(reject.path == "list.tsv" && reject.line == 7 && reject.reason == "nothere.wav: no such file")
    }

    @Test func aMissingRootIsAnErrorThatSaysHowToFixIt() {
        #expect { try CorpusRoot(CorpusSpec(name: "gtzan", root: "/nonexistent/gtzan")) } throws: {
            "\($0)".contains("/nonexistent/gtzan is not a folder") && "\($0)".contains("--corpus gtzan=PATH")
        }
    }

    @Test func walkingSkipsHiddenFilesAndSorts() throws {
        try fixture.audio("b/y.wav")
        try fixture.bytes("a/.DS_Store", [1])
        try fixture.bytes(".hidden/z.wav", [1])
        var rejects: [Reject] = []
        #expect(root.files(rejects: &rejects) == ["a/x.wav", "b/y.wav"])
        #expect(root.files(under: "b", rejects: &rejects) == ["b/y.wav"])
        #expect(rejects.isEmpty)
    }
}
