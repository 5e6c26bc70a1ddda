import Foundation

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

    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
                       stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}
