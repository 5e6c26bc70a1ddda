import Foundation

/// A folder of this process's own under the temporary directory, where the targets that read
/// files (as melshard does: a recipe, a manifest, a `dataset.json`) write each input before
/// reading it back. One per process, so parallel fuzzers and test runs never share files.
struct FuzzScratch: Sendable {
    let path: String

    init(_ name: String) {
        path = NSTemporaryDirectory() + "/melshard-fuzz-\(getpid())/" + name
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `bytes` at `relative` inside the folder (parents created) and returns the absolute path.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) -> String {
        let file = path + "/" + relative
        let parent = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }
}
