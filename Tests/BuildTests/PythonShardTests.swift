import Foundation
import TestSupport
import Testing

/// The shards as a Python user meets them: `safetensors.numpy.load_file`, the index through
/// Python's sqlite3, and one clip recomputed by `melshard mel`. CI installs numpy and
/// safetensors (scripts/bootstrap), so a missing module fails the test rather than skipping it.
@Suite struct PythonShardTests {
    @Test func pythonLoadsEveryShardAndOneClipMatchesMelshardMel() throws {
        let fixture = try FolderCorpusFixture(label: "python")
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out, jobs: 2)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "check_shards.py"
        ).path
        let python = try PythonProcess.run([script, out, Melshard.executable.path])
        let output = python.output
        #expect(
            python.status == 0, "check_shards.py failed (run scripts/bootstrap for numpy and safetensors): \(output)")
        #expect(output.contains("ok ") && output.contains(" 72 clips"))
    }
}
