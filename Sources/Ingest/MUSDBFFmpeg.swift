import Foundation

/// The `ffmpeg` that decodes MUSDB18's `.stem.mp4` files, run as a child process with an
/// argument list (no shell, so track names with spaces, `&` or quotes pass through untouched).
struct MUSDBFFmpeg: Sendable {
    /// Names the executable instead of `ffmpeg` on PATH; tests point it at a missing file to
    /// see the corpus read without ffmpeg.
    static let environmentKey = "MELSHARD_FFMPEG"

    let executable: String

    /// The executable to run, or why there is none (for the reject's message).
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<MUSDBFFmpeg, Missing> {
        let requested = environment[environmentKey].flatMap { $0.isEmpty ? nil : $0 }
        let name = requested ?? "ffmpeg"
        if name.contains("/") {
            return isExecutable(name) ? .success(MUSDBFFmpeg(executable: name)) : .failure(Missing(description: "\(environmentKey)=\(name) is not an executable file"))
        }
        for folder in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !folder.isEmpty {
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            return .failure(Failure(message: "cannot start \(executable): \(error)"))
        }
        // Read before waiting: a child blocked on a full pipe would never exit.
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how = process.terminationReason == .exit ? "exited with status" : "was killed by signal"
            return .failure(Failure(
                                    message: "ffmpeg \(how) \(process.terminationStatus): \(Self.tail(stderr))"))
        }
        return .success(())
    }

    private static func tail(_ data: Data, limit: Int = 600) -> String {
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let text = lines.joined(separator: " | ")
        if text.isEmpty { return "(no message)" }
        return text.count > limit ? "…" + text.suffix(limit) : text
    }

    private static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
