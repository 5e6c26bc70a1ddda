import Foundation
import SQLite
import TestSupport
import Testing

/// `melshard build` into a disk that fills part-way (a small tmpfs): the build fails with one
/// line naming the file it could not write, what it wrote before is intact (the shards the index
/// records are byte-identical to a clean build's, `verify` passes, the index passes SQLite's
/// integrity check), and once the disk is enlarged the same command finishes with exactly the
/// bytes of a build on a normal disk.
@Suite(.serialized, .enabled(if: SmallDisk.isAvailable, "needs root and a working `mount -t tmpfs` (SmallDisk)"))
struct DiskFullBuildTests {
    /// The disk's size as a share of what the clean build writes: full from the index's first
    /// pages to the last shard.
    @Test(arguments: [0.1, 0.4, 0.7, 0.95])
    func aFullDiskFailsCleanlyAndTheNextBuildCompletes(share: Double) throws {
        let fixture = try FolderCorpusFixture(label: "disk-full", filesPerClass: 40, seconds: 0.6)
        // Tall clips (64 bands × 126 frames, 16 KB each), so that the shards, not the index, fill the disk.
        try fixture.writeRecipe(
            clips: "length_seconds = 0.5\ncrop = \"start\"",
            features: "preset = \"librosa\"\nsample_rate = 8000\nn_fft = 512\nhop_length = 32\nn_mels = 64",
            shards: "clips_per_shard = 16")
        let clean = fixture.directory.file("clean")
        _ = try build(fixture, out: clean, jobs: 2)
        let written = SmallDisk.bytesUsed(under: clean)

        let disk = try SmallDisk(bytes: Int(Double(written) * share))
        let out = disk.path + "/out"
        let full = try Melshard.run(["build", fixture.recipe, "--out", out, "--jobs", "2"])
        #expect(full.status == 1 && !full.killedBySignal, "exit \(full.status): \(full.stderr)")
        // Progress lines come before it; the failure itself is one line, the last, naming the file.
        let errors = full.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(errors.count == 1, "expected one error line, got:\n\(full.stderr)")
        #expect(full.stderr.hasSuffix((errors.first ?? "") + "\n"), "the error is not the last line:\n\(full.stderr)")
        #expect(errors.first?.contains(out + "/") == true, "the message names no file of the output: \(full.stderr)")
        #expect(!full.stderr.contains("Error Domain"), "a raw NSError: \(full.stderr)")

        try expectIntactSoFar(out, clean: clean)

        try disk.resize(bytes: 4 * written + (1 << 20))
        _ = try build(fixture, out: out, jobs: 2)
        #expect(try OutputSnapshot(out) == OutputSnapshot(clean))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out + "/shards").filter {
            $0.hasPrefix(".tmp-")
        }
        #expect(leftovers.isEmpty)
    }

    /// What a failed build leaves must be usable: an index SQLite finds whole, every shard it
    /// records equal to the clean build's, and `verify` content with it.
    private func expectIntactSoFar(_ out: String, clean: String) throws {
        guard FileManager.default.fileExists(atPath: out + "/index.sqlite") else { return }
        let check = try Database(path: out + "/index.sqlite", readOnly: true).execute("PRAGMA integrity_check")
        #expect(check.map { $0[0].text } == ["ok"], "index.sqlite is damaged: \(check)")
        // The disk may have filled before the schema was in place: then no shard is recorded.
        let tables = try query(out, "SELECT name FROM sqlite_master WHERE type = 'table'").compactMap { $0[0].text }
        let recorded = try (tables.contains("shards") ? query(out, "SELECT name FROM shards") : []).compactMap {
            $0[0].text
        }.map {
            "shards/\($0).safetensors"
        }
        for file in recorded {
            let bytes = FileManager.default.contents(atPath: out + "/" + file)
            #expect(bytes != nil, "\(file) is recorded but gone")
            #expect(bytes == FileManager.default.contents(atPath: clean + "/" + file), "\(file) differs")
        }
        let verify = try Melshard.run(["verify", out])
        if tables.isEmpty {
            // Nothing to verify, and saying "ok" would be a lie: the output is unfinished, and verify says so.
            #expect(verify.status == 1, "verify of an index without tables: \(verify.stdout)\(verify.stderr)")
            #expect((verify.stdout + verify.stderr).contains("holds no index yet"), "\(verify.stdout)\(verify.stderr)")
            #expect(!verify.stderr.contains("no such table"), "a raw SQLite error: \(verify.stderr)")
        } else {
            #expect(verify.status == 0, "verify after the failed build: \(verify.stdout)\(verify.stderr)")
        }
    }
}
