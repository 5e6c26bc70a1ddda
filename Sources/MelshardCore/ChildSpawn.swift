import Foundation

/// The `posix_spawn` behind `ChildProcess.start()`: the one place melshard creates a process.
///
/// Every file the child's streams use is opened here, in this process, before the spawn, so a
/// missing input file or an unwritable output path is reported as such rather than as a failure
/// of the program. Linux only: it relies on glibc's `posix_spawn` reporting exec failures.
enum ChildSpawn {
    static func start(_ process: ChildProcess) throws(ChildProcessError) -> RunningChild {
        func failure(_ message: String) -> ChildProcessError { ChildProcessError(launching: process, message) }
        let environment = variables(of: process)
        guard let path = locate(process.executable, searchPath: environment["PATH"]) else {
            // The words `posix_spawnp` would use, for a name on no folder of PATH.
            throw failure(String(cString: strerror(ENOENT)))
        }
        if let directory = process.workingDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw failure("its working directory \(directory) is not a directory")
            }
        }
        let input: StreamFile, output: StreamFile, errors: StreamFile
        do throws(StreamFile.OpenError) {
            input = try StreamFile.input(process.standardInput)
            output = try StreamFile.output(process.standardOutput)
            errors = try StreamFile.output(process.standardError)
        } catch {
            throw failure(error.description)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.fd, STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, output.fd, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errors.fd, STDERR_FILENO)
        if let directory = process.workingDirectory {
            guard let addChdir = GNUSpawn.addChdir else {
                throw failure(
                    "this C library cannot set a child's working directory "
                        + "(posix_spawn_file_actions_addchdir_np)")
            }
            _ = addChdir(&actions, directory)
        }
        // Descriptors opened without O_CLOEXEC (by a library, say) stay out of the child.
        _ = GNUSpawn.addCloseFrom.map { $0(&actions, STDERR_FILENO + 1) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A signal this process blocks or ignores (SIGPIPE, say) would otherwise stay blocked or
        // ignored in the child, which then behaves unlike the same program run from a shell.
        var noSignals = sigset_t(), everySignal = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&everySignal)
        sigdelset(&everySignal, SIGKILL)
        sigdelset(&everySignal, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([process.executable] + process.arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let started = ContinuousClock.now
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw failure(String(cString: strerror(spawned))) }
        return RunningChild(
            pid: pid, process: process, started: started,
            stdout: output.readsBack ? output : nil, stderr: errors.readsBack ? errors : nil)
    }

    /// The child's environment: this process's, overlaid with the description's variables.
    private static func variables(of process: ChildProcess) -> [String: String] {
        let inherited = process.inheritsEnvironment ? ProcessInfo.processInfo.environment : [:]
        return inherited.merging(process.environment) { $1 }
    }

    /// `executable` itself when it holds a `/`, else the first executable file of that name in
    /// `searchPath`, as `execvp` looks (but in the child's PATH, which may differ from ours).
    private static func locate(_ executable: String, searchPath: String?) -> String? {
        if executable.contains("/") { return executable }
        guard !executable.isEmpty else { return nil }
        for folder in (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(executable)"
            var isDirectory: ObjCBool = false
            if access(candidate, X_OK) == 0,
                FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue
            {
                return candidate
            }
        }
        return nil
    }
}

/// glibc's non-POSIX spawn file actions, which Swift's Glibc module does not import (they sit
/// behind `_GNU_SOURCE`); looked up once, by name, in the C library already loaded.
private enum GNUSpawn {
    typealias Actions = UnsafeMutablePointer<posix_spawn_file_actions_t>
    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29): the child starts in this directory.
    static let addChdir = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: (@convention(c) (Actions, UnsafePointer<CChar>) -> Int32).self)
    }
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34): closes every descriptor from this one up.
    static let addCloseFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: (@convention(c) (Actions, Int32) -> Int32).self)
    }
}
