import Foundation
import MelshardCore
import TestSupport
import Testing

/// The child-process runner against real programs: /bin/sh, /bin/cat, /bin/sleep, /usr/bin/env.
@Suite struct ChildProcessTests {
    let directory = TemporaryDirectory("child-process")

    @Test func capturesStdoutAndStderrApart() throws {
        let run = try ChildProcess("/bin/sh", ["-c", "printf 'to out'; printf 'to err' >&2"]).run()
        #expect(run.termination == .exited(0) && run.status == 0)
        #expect(run.stdoutText == "to out")
        #expect(run.stderrText == "to err")
        #expect(run.seconds > 0 && run.seconds < 30)
        #expect(run.peakResidentBytes > 0)
    }

    /// A runner reading pipes one after the other deadlocks here: the child fills the stderr pipe
    /// (64 KiB) while the parent waits for stdout to end, which happens only when the child exits.
    @Test func severalMegabytesOnBothStreamsCannotDeadlock() throws {
        let script = "head -c 5000000 /dev/zero | tr '\\000' e >&2; head -c 6000000 /dev/zero | tr '\\000' o"
        let run = try ChildProcess("/bin/sh", ["-c", script], timeout: .seconds(120)).run()
        #expect(run.stderr.count == 5_000_000 && run.stderr.allSatisfy { $0 == UInt8(ascii: "e") })
        #expect(run.stdout.count == 6_000_000 && run.stdout.allSatisfy { $0 == UInt8(ascii: "o") })
    }

    @Test func aNonZeroExitIsAnErrorWithTheCommandAndStderrsTail() throws {
        let child = ChildProcess("/bin/sh", ["-c", "echo first >&2; echo; echo '  bad input  ' >&2; exit 3"])
        let error = try #require(throws: ChildProcessError.self) { try child.run() }
        #expect(error.reason == .exited(3))
        #expect(error.stderrTail == "first | bad input")
        #expect(
            error.description == "/bin/sh -c 'echo first >&2; echo; echo '\\''  bad input  '\\'' >&2; exit 3' "
                + "exited with status 3: first | bad input")
        #expect(error.run?.stdoutText == "\n")
        // Started and waited for, the same ending is a value, not an error.
        let run = try child.start().wait()
        #expect(run.termination == .exited(3) && run.status == 3)
    }

    @Test func theTailOfALongStderrKeepsItsEnd() throws {
        let child = ChildProcess("/bin/sh", ["-c", "for i in $(seq 1 500); do echo line $i >&2; done; exit 1"])
        let error = try #require(throws: ChildProcessError.self) { try child.run() }
        #expect(error.stderrTail.hasPrefix("…") && error.stderrTail.hasSuffix("line 499 | line 500"))
        #expect(error.stderrTail.count == 601)
        #expect(error.run?.stderr.count == (1...500).map { "line \($0)\n".utf8.count }.reduce(0, +))
    }

    @Test func deathByASignalIsAnError() throws {
        let child = ChildProcess("/bin/sh", ["-c", "echo dying >&2; kill -9 $$"])
        let error = try #require(throws: ChildProcessError.self) { try child.run() }
        #expect(error.reason == .signalled(SIGKILL))
        #expect(error.description == "/bin/sh -c 'echo dying >&2; kill -9 $$' was killed by signal 9 (SIGKILL): dying")
        #expect(error.run?.status == 128 + SIGKILL)
    }

    @Test func aTimeoutKillsTheChildAndSaysAfterHowLong() throws {
        let started = ContinuousClock.now
        let child = ChildProcess("/bin/sleep", ["30"], timeout: .milliseconds(300))
        let error = try #require(throws: ChildProcessError.self) { try child.run() }
        let elapsed = ContinuousClock.now - started
        #expect(error.reason == .timedOut(.milliseconds(300)))
        #expect(error.description == "/bin/sleep 30 was killed after running longer than its 0.3 s timeout")
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(20), "\(elapsed)")
        let run = try #require(error.run)
        #expect(run.duration >= .milliseconds(300))
    }

    @Test func aChildThatEndsInTimeIsNotKilled() throws {
        let run = try ChildProcess("/bin/sh", ["-c", "echo quick"], timeout: .seconds(60)).run()
        #expect(run.stdoutText == "quick\n" && run.termination == .exited(0))
    }

    @Test func theEnvironmentIsInheritedAndOverlaidOrReplaced() throws {
        let path = try #require(ProcessInfo.processInfo.environment["PATH"])
        let overlaid = try ChildProcess(
            "/bin/sh", ["-c", #"printf '%s|%s' "$MELSHARD_CHILD_TEST" "$PATH""#],
            environment: ["MELSHARD_CHILD_TEST": "a b & 'c'"]
        ).run()
        #expect(overlaid.stdoutText == "a b & 'c'|\(path)")
        let replaced = try ChildProcess("/usr/bin/env", environment: ["ONLY": "this"], inheritsEnvironment: false).run()
        #expect(replaced.stdoutText == "ONLY=this\n")
    }

    @Test func aNameIsLookedUpInTheChildsPath() throws {
        let bin = directory.file("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        // Written through a descriptor no child inherits: the tests spawn children side by side,
        // and one that inherited it open for writing made running the script fail with ETXTBSY
        // ("Text file busy") for as long as that child ran (Foundation's `write(toFile:)` opens
        // without O_CLOEXEC).
        let script = Array("#!/bin/sh\necho \"found as $0\"\n".utf8)
        let fd = open(bin + "/melshard-greeting", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        try #require(fd >= 0)
        #expect(script.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == script.count)
        #expect(close(fd) == 0)
        let run = try ChildProcess("melshard-greeting", environment: ["PATH": "/nonexistent:" + bin]).run()
        #expect(run.stdoutText == "found as \(bin)/melshard-greeting\n")
        #expect(try ChildProcess("sh", ["-c", "echo on PATH"]).run().stdoutText == "on PATH\n")
    }

    @Test func theWorkingDirectoryIsTheChilds() throws {
        let folder = directory.file("work here")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let run = try ChildProcess("/bin/pwd", ["-P"], workingDirectory: folder).run()
        #expect(run.stdoutText == URL(fileURLWithPath: folder).resolvingSymlinksInPath().path + "\n")
        #expect(try ChildProcess("/bin/pwd").run().stdoutText == FileManager.default.currentDirectoryPath + "\n")

        let missing = directory.file("missing")
        let error = try #require(throws: ChildProcessError.self) {
            try ChildProcess("/bin/pwd", workingDirectory: missing).run()
        }
        #expect(error.reason == .launchFailed("its working directory \(missing) is not a directory"))
    }

    @Test func standardInputFromBytesFromAFileOrEmpty() throws {
        let bytes = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        #expect(try ChildProcess("/bin/cat", standardInput: .data(bytes)).run().stdout == bytes)

        let path = directory.file("input.txt")
        try Data("from a file\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try ChildProcess("/bin/cat", standardInput: .file(path)).run().stdoutText == "from a file\n")

        #expect(try ChildProcess("/bin/cat").run().stdout.isEmpty)
    }

    @Test func outputToAGivenFileOrNowhere() throws {
        let path = directory.file("out.txt")
        try Data("older and longer content".utf8).write(to: URL(fileURLWithPath: path))
        let run = try ChildProcess(
            "/bin/sh", ["-c", "echo kept; echo gone >&2"], standardOutput: .file(path),
            standardError: .discarded
        ).run()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kept\n")
        #expect(run.stdoutText == "kept\n")
        #expect(run.stderr.isEmpty)

        let unwritable = directory.file("no/such/folder/out.txt")
        let error = try #require(throws: ChildProcessError.self) {
            try ChildProcess("/bin/true", standardOutput: .file(unwritable)).run()
        }
        #expect(error.description == "cannot start /bin/true: cannot open \(unwritable): No such file or directory")
    }

    @Test func aProgramThatCannotStartIsALaunchFailure() throws {
        let missing = try #require(throws: ChildProcessError.self) {
            try ChildProcess("/nonexistent/program", ["x"]).run()
        }
        #expect(missing.reason == .launchFailed("No such file or directory"))
        #expect(missing.description == "cannot start /nonexistent/program: No such file or directory")
        #expect(missing.commandLine == "/nonexistent/program x" && missing.run == nil)

        let unknown = try #require(throws: ChildProcessError.self) {
            try ChildProcess("melshard-no-such-program").start()
        }
        #expect(unknown.description == "cannot start melshard-no-such-program: No such file or directory")

        let notExecutable = directory.file("plain.txt")
        try Data("echo hi\n".utf8).write(to: URL(fileURLWithPath: notExecutable))
        let denied = try #require(throws: ChildProcessError.self) { try ChildProcess(notExecutable).run() }
        #expect(denied.reason == .launchFailed("Permission denied"))
    }

    @Test func aStartedChildCanBeKilledAndIsCollectedOnce() throws {
        let child = try ChildProcess("/bin/sleep", ["30"]).start()
        #expect(child.pid > 0 && child.isRunning)
        child.kill(SIGKILL)
        let run = child.wait()
        #expect(run.termination == .signalled(SIGKILL))
        #expect(run.seconds < 20)
        #expect(!child.isRunning)
        // Collected: no process has the pid any more, and a second wait returns the same run.
        #expect(kill(child.pid, 0) == -1 && errno == ESRCH)
        child.kill(SIGKILL)
        #expect(child.wait().termination == .signalled(SIGKILL))

        let terminated = try ChildProcess("/bin/sleep", ["30"]).start()
        terminated.terminate()
        #expect(terminated.wait().termination == .signalled(SIGTERM))
    }

    @Test func aStartedChildThatExitsIsNotRunning() throws {
        let child = try ChildProcess("/bin/sh", ["-c", "exit 4"]).start()
        let deadline = ContinuousClock.now + .seconds(20)
        while child.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(!child.isRunning)
        #expect(child.wait().termination == .exited(4))
    }

    /// A descriptor this process opened without O_CLOEXEC (as a library might) stays out of the child.
    @Test func theChildInheritsOnlyItsThreeStreams() throws {
        let fd = open("/dev/null", O_RDONLY)
        #expect(fd >= 0)
        let inherited: Int32 = 200
        #expect(dup2(fd, inherited) == inherited)
        defer {
            close(fd)
            close(inherited)
        }
        let run = try ChildProcess("/bin/ls", ["/proc/self/fd"]).run()
        let descriptors = Set(run.stdoutText.split(separator: "\n").compactMap { Int32($0) })
        #expect(descriptors.isSuperset(of: [0, 1, 2]))
        #expect(!descriptors.contains(inherited), "\(descriptors.sorted())")
    }
}
