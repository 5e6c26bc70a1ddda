import Foundation
import TestSupport

/// Runs reference Python (numpy and the official safetensors package) as a subprocess.
///
/// The interoperability tests must fail, not skip, when Python is missing: CI installs it, and
/// a skipped cross-check would quietly stop checking that others can read our shards.
enum Python {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let setupHint = "python3 with numpy and safetensors is required; run `scripts/bootstrap`"

    /// Runs `script` with `python3 -c`, passing `arguments` as `sys.argv[1...]`, and returns its
    /// standard output.
    static func run(_ script: String, arguments: [String] = []) throws -> String {
        // Import first, so a missing module is reported as a setup problem rather than a test failure.
        let prelude = """
            import sys
            try:
                import numpy, safetensors, safetensors.numpy
            except ImportError as error:
                sys.stderr.write("missing Python module: %s\\n" % error)
                sys.exit(97)

            """
        let outcome: PythonProcess.Outcome
        do { outcome = try PythonProcess.run(["-c", prelude + script] + arguments) } catch {
            throw Failure(description: "could not start /usr/bin/env python3 (\(error)); \(setupHint)")
        }
        let (stdout, stderr) = (outcome.stdout, outcome.stderr)
        switch outcome.status {
        case 0: return stdout
        case 97: throw Failure(description: "\(stderr.trimmingCharacters(in: .whitespacesAndNewlines)); \(setupHint)")
        case 127: throw Failure(description: "python3 was not found on PATH; \(setupHint)")
        case let status: throw Failure(description: "python3 exited with status \(status):\n\(stderr)")
        }
    }
}
