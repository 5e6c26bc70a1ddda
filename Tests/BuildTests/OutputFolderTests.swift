import Build
import Foundation
import MelshardCore
import TestSupport
import Testing

/// Issue 17, defect 2: a build deleted files it had not written (`shards/model.safetensors`, a
/// user's `.tmp-*`) and built into any folder. It now deletes only shards its index records and
/// its own temporary files, says so, and refuses a non-empty folder that is no melshard output.
@Suite struct OutputFolderTests {
    let fm = FileManager.default

    func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test func aNonEmptyFolderThatIsNoOutputIsRefusedAndLeftAlone() throws {
        let fixture = try FolderCorpusFixture(label: "foreign", filesPerClass: 2)
        let out = fixture.directory.file("home")
        try fm.createDirectory(atPath: out + "/shards", withIntermediateDirectories: true)
        try write("weights", to: out + "/shards/model.safetensors")
        try write("notes", to: out + "/notes.txt")
        for extra in [[], ["--dry-run"]] {
            let outcome = try Melshard.run(["build", fixture.recipe, "--out", out] + extra)
            #expect(outcome.status == 1)
            let lines = outcome.stderr.split(separator: "\n")
            #expect(lines.count == 1, "one line: \(outcome.stderr)")
            #expect(outcome.stderr.contains("\(out): not empty (notes.txt and 1 other(s))"))
            #expect(outcome.stderr.contains("not a melshard output (no index.sqlite)"))
        }
        #expect(try fm.contentsOfDirectory(atPath: out).sorted() == ["notes.txt", "shards"])
        #expect(try fm.contentsOfDirectory(atPath: out + "/shards") == ["model.safetensors"])

        // An empty folder, or one a build made, is fine.
        let empty = fixture.directory.file("empty")
        try fm.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try build(fixture, out: empty).shards > 0)
    }

    @Test func aBuildDeletesOnlyWhatItWroteAndSaysSo() throws {
        let fixture = try FolderCorpusFixture(label: "own-files", filesPerClass: 6)
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)
        let shardNames = try fm.contentsOfDirectory(atPath: out + "/shards")
        let someShard = shardNames.sorted()[0]

        // Files a user or another tool put there, and leftovers shaped like a killed build's own.
        let foreign = [
            "shards/model.safetensors", "shards/.tmp-notes", "shards/.tmp-\(someShard)", ".tmp-x", ".tmp-dataset.json",
            "shards/.tmp-\(someShard)-12ab", "notes.txt", ".melshard-scratch", "shards/.melshard-scratch-x1Y2z3",
        ]
        // A scratch file's fallback name is melshard's in the output folder itself only.
        let ours = [".melshard-scratch-x1Y2z3", ".tmp-dataset.json-4242", "shards/.tmp-\(someShard)-4242"]
        for file in foreign + ours { try write("not melshard's", to: out + "/" + file) }

        // Half the sources go: the shards holding only them leave the plan.
        for label in ["jazz", "rock", "speech"] {
            for i in 3..<6 { try fm.removeItem(atPath: fixture.root + "/" + FolderCorpusFixture.path(label, i)) }
        }
        let dry = try Melshard.run(["build", fixture.recipe, "--out", out, "--dry-run", "--json"])
        #expect(dry.status == 0, "\(dry.stderr)")
        let planned = try JSONDecoder().decode(BuildReport.self, from: Data(dry.stdout.utf8))
        #expect(!planned.removedShards.isEmpty)
        let expected = ours.sorted() + planned.removedShards.map { "shards/\($0).safetensors" }
        #expect(planned.removedFiles == expected)
        for file in expected {
            #expect(dry.stderr.contains("would remove \(out)/\(file)\n"))
            #expect(fm.fileExists(atPath: out + "/" + file), "a dry run deletes nothing")
        }

        let real = try Melshard.run(["build", fixture.recipe, "--out", out, "--json"])
        #expect(real.status == 0, "\(real.stderr)")
        let report = try JSONDecoder().decode(BuildReport.self, from: Data(real.stdout.utf8))
        #expect(report.removedFiles == expected)
        for file in expected {
            #expect(real.stderr.contains("removed \(out)/\(file)\n"))
            #expect(!fm.fileExists(atPath: out + "/" + file))
        }
        for file in foreign {
            #expect(try String(contentsOfFile: out + "/" + file, encoding: .utf8) == "not melshard's", "\(file) kept")
        }
        let verify = try Melshard.run(["verify", out])
        #expect(verify.status == 0 && verify.stdout.contains("shards/model.safetensors: not in the index (ignored)"))
    }

    @Test func aRecipeNamedLikeAPathIsRefusedBeforeAnythingIsWritten() throws {
        let fixture = try FolderCorpusFixture(label: "name", filesPerClass: 2)
        let work = fixture.directory.file("work")
        try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        let recipe = try String(contentsOfFile: fixture.recipe, encoding: .utf8)
        for name in ["..", "../x", "a/b", "", "."] {
            try recipe.replacingOccurrences(of: "name = \"fixture\"", with: "name = \"\(name)\"")
                .write(toFile: fixture.recipe, atomically: true, encoding: .utf8)
            // No --out: the default out/NAME would be out/.. = the working folder itself.
            var child = Melshard.child(["build", fixture.recipe])
            child.workingDirectory = work
            let outcome = try child.start().wait()
            #expect(outcome.termination == .exited(1), "name \(name)")
            let stderr = String(decoding: outcome.stderr, as: UTF8.self)
            #expect(stderr.contains("name") && stderr.contains("is not a plain name"), "\(stderr)")
            #expect(try fm.contentsOfDirectory(atPath: work).isEmpty, "nothing written for name '\(name)'")
        }
    }
}
