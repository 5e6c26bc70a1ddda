import Foundation
import MelshardCore

/// A run's folder and the files in it (docs/train.md):
///
/// ```
/// RUN/config.json          every setting, the dataset's card and its sha256, the model's size
/// RUN/metrics.sqlite       per-step and per-epoch metrics
/// RUN/checkpoints/         step-NNNNNNNN/ folders and best/
/// RUN/curves.png           loss and accuracy curves, redrawn each epoch
/// RUN/result.json          the test split's metrics; written last, so it marks a complete run
/// ```
///
/// The folder is created only after every check that can fail has passed, so a refused run
/// leaves nothing behind; a run is complete only when `result.json` exists.
public struct RunFolder: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var configPath: String { path + "/config.json" }
    public var metricsPath: String { path + "/" + MetricsLog.fileName }
    public var checkpointsPath: String { path + "/checkpoints" }
    public var curvesPath: String { path + "/curves.png" }
    public var resultPath: String { path + "/result.json" }

    public var exists: Bool { FileManager.default.fileExists(atPath: path) }
    public var isComplete: Bool { FileManager.default.fileExists(atPath: resultPath) }

    /// Whether `path` can hold a new run: absent, empty, or already a run (it has config.json).
    /// Anything else is refused, so a run never writes into a folder it does not own.
    public func checkUsable() throws(TrainError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw .notARun(path: path, reason: "it is a file") }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter {
            $0 != DirectoryLock.fileName
        }
        if entries.isEmpty || entries.contains("config.json") { return }
        // A run killed between creating its folder and writing config.json leaves an empty
        // checkpoints/ and nothing else: it never started, and may start now.
        if entries == ["checkpoints"],
            (try? FileManager.default.contentsOfDirectory(atPath: checkpointsPath))?.isEmpty == true
        {
            return
        }
        throw .notARun(
            path: path, reason: "it holds \(entries.sorted().prefix(3).joined(separator: ", ")) but no config.json")
    }

    /// Creates the folder and its `checkpoints/`.
    public func create() throws(TrainError) {
        do {
            try FileManager.default.createDirectory(atPath: checkpointsPath, withIntermediateDirectories: true)
        } catch {
            // Foundation's text for these is "The operation could not be completed"; the POSIX reason says why.
            let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? POSIXError
            let reason = posix.map { String(cString: strerror($0.code.rawValue)) } ?? error.localizedDescription
            throw .file(FileError(path: path, operation: "mkdir", message: reason))
        }
    }

    /// Writes `value` as pretty JSON with sorted keys, durably.
    public func writeJSON<T: Encodable>(_ value: T, to file: String) throws(TrainError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes: Data
        do { bytes = try encoder.encode(value) } catch { throw .other("train: cannot encode \(file): \(error)") }
        do { try DurableFile.write(Array(bytes) + [0x0A], to: file) } catch { throw .file(error) }
    }

    public func readJSON<T: Decodable>(_ type: T.Type, from file: String) throws(TrainError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw .notARun(path: path, reason: "\((file as NSString).lastPathComponent) cannot be read: \(error)")
        }
    }
}
