import Foundation
import MelshardCore

/// Runs the built `melshard` executable as a real subprocess, as a user would.
public enum Melshard {
    public struct Outcome: Sendable {
        /// The exit status, or the signal number when `killedBySignal`.
        public var status: Int32
        public var killedBySignal = false
        public var stdout: String
        public var stderr: String
    }

    /// The executable next to the test bundle in the build products folder.
    public static var executable: URL {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("melshard")
    }

    /// `melshard ARGUMENTS` with `environment` laid over this process's own, run to its end
    /// however it ends (tests look at failing statuses too).
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        Outcome(try child(arguments, environment: environment).start().wait())
    }

    /// `melshard ARGUMENTS`, held to the files' permissions: as root, run through `setpriv` with
    /// the two capabilities that override them dropped, so that a folder made unreadable is
    /// unreadable to it as it would be to a user.
    public static func runHonouringPermissions(_ arguments: [String]) throws -> Outcome {
        guard getuid() == 0 else { return try run(arguments) }
        let dropped = ["--bounding-set", "-dac_override,-dac_read_search", executable.path]
        return Outcome(try ChildProcess("/usr/bin/setpriv", dropped + arguments, environment: [:]).start().wait())
    }

    /// `melshard ARGUMENTS`, not yet started: for a test that starts it and kills it while it runs.
    public static func child(_ arguments: [String], environment: [String: String] = [:]) -> ChildProcess {
        ChildProcess(executable.path, arguments, environment: environment)
    }
}

extension Melshard.Outcome {
    /// How `run` ended and everything it wrote; the text is decoded lossily, so a stray invalid
    /// byte still leaves the rest readable in a failure message.
    init(_ run: ChildRun) {
        switch run.termination {
        case .exited(let status): self.status = status
        case .signalled(let signal): (status, killedBySignal) = (signal, true)
        case .timedOut: (status, killedBySignal) = (SIGKILL, true)
        }
        stdout = run.stdoutText
        stderr = run.stderrText
    }
}
