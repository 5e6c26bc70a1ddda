import Foundation
import TestSupport
import Testing

/// The Python package in `python/` (`pip install ./python`, `import melshard`) on `melshard demo`'s
/// output, through `python/tests/test_demo_output.py`: both datasets, every training clip exactly once
/// over 2 ranks × 2 workers, the same order for the same seed and epoch, the card's normalisation,
/// and, when torch is installed, two training steps from a `DataLoader` with two workers.
///
/// The script imports the package from this checkout (it puts `python/` first on `sys.path`), so
/// it tests these sources whether or not an older copy is installed.
@Suite struct PythonPackageTests {
    @Test func pythonPackageStreamsTheDemoOutput() throws {
        let demo = DemoCommandTests.demo
        try #require(demo.outcome.status == 0, "melshard demo failed: \(demo.outcome.stderr)")
        let script = DemoCommandTests.repository + "/python/tests/test_demo_output.py"
        let run = try PythonProcess.run([script, demo.out], in: demo.directory)
        print(run.stdout, terminator: "")
        #expect(
            run.status == 0,
            "python/tests/test_demo_output.py failed (scripts/bootstrap installs numpy and safetensors): \(run.output)")
        #expect(run.stdout.contains("every training clip once over 2 ranks × 2 workers"), "\(run.output)")
        if PythonProcess.has("torch") {
            #expect(run.stdout.contains("torch: 2 steps"), "\(run.output)")
        } else {
            #expect(run.stdout.contains("torch part skipped"), "\(run.output)")
        }
    }
}
