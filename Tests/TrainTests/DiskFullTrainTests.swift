import Foundation
import MelshardCore
import SQLite
import TestSupport
import Testing
import Train

/// `melshard train` into a run folder on a disk that fills part-way (a small tmpfs): the run
/// fails with one line naming the file it could not write, every checkpoint it finished is
/// intact and `metrics.sqlite` passes SQLite's integrity check, and once the disk is enlarged the
/// same command resumes and ends with exactly the bytes of a run on a normal disk.
@Suite(.serialized, .enabled(if: SmallDisk.isAvailable, "needs root and a working `mount -t tmpfs` (SmallDisk)"))
struct DiskFullTrainTests {
    /// `melshard demo`'s Speech-Commands-style build, on the normal disk, built once.
    static let dataset: String? = {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(
            "melshard-disk-full-\(UUID().uuidString)"
        ).path
        guard let run = try? Melshard.run(["demo", "--out", out, "--jobs", "2"]), run.status == 0 else { return nil }
        return out + "/speech-commands"
    }()

    static let arguments = [
        "--model", "small-cnn", "--epochs", "4", "--batch", "8", "--checkpoint-every", "4", "--lr", "0.01",
    ]

    /// The disk's size as a share of what the finished run holds.
    @Test(arguments: [0.2, 0.6, 0.9])
    func aFullDiskFailsCleanlyAndTheRunResumesToTheSameBytes(share: Double) throws {
        let dataset = try #require(Self.dataset, "melshard demo failed")
        let scratch = TemporaryDirectory("disk-full-train")
        let reference = scratch.file("reference")
        let first = try Melshard.run(["train", dataset, "--run", reference] + Self.arguments)
        try #require(first.status == 0, "\(first.stderr)")
        let written = SmallDisk.bytesUsed(under: reference)

        let disk = try SmallDisk(bytes: Int(Double(written) * share))
        let run = disk.path + "/run"
        let full = try Melshard.run(["train", dataset, "--run", run] + Self.arguments)
        #expect(full.status == 1 && !full.killedBySignal, "exit \(full.status): \(full.stderr)")
        // Progress lines come before it; the failure itself is one line, the last, naming the file.
        let errors = full.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(errors.count == 1, "expected one error line, got:\n\(full.stderr)")
        #expect(full.stderr.hasSuffix((errors.first ?? "") + "\n"), "the error is not the last line:\n\(full.stderr)")
        #expect(errors.first?.contains(run + "/") == true, "the message names no file of the run: \(full.stderr)")
        #expect(!full.stderr.contains("Error Domain"), "a raw NSError: \(full.stderr)")
        #expect(!FileManager.default.fileExists(atPath: run + "/result.json"))
        // The half-written checkpoint is removed at once, handing its space back.
        let checkpoints = (try? FileManager.default.contentsOfDirectory(atPath: run + "/checkpoints")) ?? []
        #expect(checkpoints.filter { $0.hasPrefix(DurableFile.temporaryPrefix) } == [], "left: \(checkpoints)")

        try expectIntactSoFar(run)

        try disk.resize(bytes: 4 * written + (1 << 20))
        let resumed = try Melshard.run(["train", dataset, "--run", run] + Self.arguments)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        for file in ["checkpoints/best/model.safetensors", "checkpoints/best/optimizer.safetensors", "result.json"] {
            let expected = try #require(FileManager.default.contents(atPath: reference + "/" + file))
            #expect(FileManager.default.contents(atPath: run + "/" + file) == expected, "\(file) differs")
        }
    }

    /// Every checkpoint in place (not a temporary folder being written when the disk filled) is
    /// complete: its `state.json` reads and both safetensors files match its hashes. The metrics
    /// database is whole.
    private func expectIntactSoFar(_ run: String) throws {
        let checkpoints = run + "/checkpoints"
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints)) ?? []
        for folder in folders where !folder.hasPrefix(DurableFile.temporaryPrefix) {
            #expect(throws: Never.self, "checkpoint \(folder)") { try Checkpoint(path: checkpoints + "/" + folder) }
        }
        if FileManager.default.fileExists(atPath: run + "/metrics.sqlite") {
            let check = try Database(path: run + "/metrics.sqlite", readOnly: true).execute("PRAGMA integrity_check")
            #expect(check.map { $0[0].text } == ["ok"], "metrics.sqlite is damaged: \(check)")
        }
    }
}
