import Foundation
import MelshardCore

/// The `ffmpeg` that decodes MUSDB18's `.stem.mp4` files, run as a child process with an
/// argument list (no shell, so track names with spaces, `&` or quotes pass through untouched).
struct MUSDBFFmpeg: Sendable {
    /// Names the executable instead of `ffmpeg` on PATH; tests point it at a missing file to
    /// see the corpus read without ffmpeg.
    static let environmentKey = "MELSHARD_FFMPEG"

    let executable: String

    /// The executable to run, or why there is none (for the reject's message).
    static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Result<MUSDBFFmpeg, Missing> {
        let requested = environment[environmentKey].flatMap { $0.isEmpty ? nil : $0 }
        let name = requested ?? "ffmpeg"
        if name.contains("/") {
            return isExecutable(name)
                ? .success(MUSDBFFmpeg(executable: name))
                : .failure(Missing(description: "\(environmentKey)=\(name) is not an executable file"))
        }
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if isExecutable(candidate) { return .success(MUSDBFFmpeg(executable: candidate)) }
        }
        let via = requested.map { " (\(environmentKey)=\($0))" } ?? ""
        return .failure(Missing(description: "\(name)\(via) is not on PATH"))
    }

    struct Missing: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    struct Failure: Error, Sendable {
        /// The end of ffmpeg's stderr, on one line: where ffmpeg says what went wrong.
        var message: String
    }

    /// Runs ffmpeg to completion; stdout is discarded, stderr kept for the failure.
    func run(_ arguments: [String]) -> Result<Void, Failure> {
        do throws(ChildProcessError) {
            try ChildProcess(executable, arguments, standardOutput: .discarded).run()
            return .success(())
        } catch {
            return .failure(Failure(message: Self.message(error)))
        }
    }

    /// The reject's reason: ffmpeg's own words, without the long command line the error holds.
    private static func message(_ error: ChildProcessError) -> String {
        let tail = error.stderrTail.isEmpty ? "(no message)" : error.stderrTail
        switch error.reason {
        case .launchFailed: return error.description
        case .exited(let status): return "ffmpeg exited with status \(status): \(tail)"
        case .signalled(let signal): return "ffmpeg was killed by signal \(signal): \(tail)"
        case .timedOut: return error.description
        }
    }

    private static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
