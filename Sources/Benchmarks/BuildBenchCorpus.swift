import Dispatch
import Foundation
import MelshardCore
import SoundFile

/// A generated folder corpus for `melshard bench build`: `ROOT/class-K/src-NNNNN.wav`, mono
/// 16-bit WAV of deterministic music-like audio (`SyntheticMusic`), sources spread over the
/// classes in turn.
///
/// Generation is resumable: files are written under a hidden temporary name and renamed, so a
/// killed run leaves whole files or none, and a corpus that already holds exactly the expected
/// files is reused as it is. A source the benchmark rewrites is recorded in a hidden marker
/// until it is restored, so an interrupted benchmark never leaves a silently altered corpus.
public struct BuildBenchCorpus: Sendable {
    public var root: String
    public var sources: Int
    public var classes: Int
    public var sampleRate: Int
    /// Source lengths in seconds, used in turn (source i has `lengths[i % lengths.count]`).
    public var lengths: [Double]
    public var seed: UInt64

    public init(root: String, sources: Int, classes: Int, sampleRate: Int = 22050, lengths: [Double], seed: UInt64) {
        precondition(sources > 0 && classes > 0 && !lengths.isEmpty)
        self.root = root
        self.sources = sources
        self.classes = classes
        self.sampleRate = sampleRate
        self.lengths = lengths
        self.seed = seed
    }

    static let markerName = ".bench-rewritten"
    static let rewriteSeedOffset: UInt64 = 0x5EED_0000_0000

    public func relativePath(_ i: Int) -> String {
        "class-\(i % classes)/src-\(String(format: "%05d", i)).wav"
    }

    public func path(_ i: Int) -> String { root + "/" + relativePath(i) }

    public func seconds(_ i: Int) -> Double { lengths[i % lengths.count] }

    public var totalSeconds: Double { (0..<sources).reduce(0) { $0 + seconds($1) } }

    /// Writes what is missing, restores a source an interrupted run left rewritten, and removes
    /// audio files that are not part of this corpus. Returns the number of files written.
    @discardableResult
    public func generate() throws -> Int {
        let fm = FileManager.default
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        let marker = root + "/" + Self.markerName
        var rewritten: Int?
        if let text = try? String(contentsOfFile: marker, encoding: .utf8) {
            rewritten = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let existing = audioFiles()
        let expected = Set((0..<sources).map(relativePath))
        if existing.count == sources && rewritten == nil && existing.allSatisfy(expected.contains) { return 0 }

        for file in existing where !expected.contains(file) { try fm.removeItem(atPath: root + "/" + file) }
        for k in 0..<classes { try fm.createDirectory(atPath: "\(root)/class-\(k)", withIntermediateDirectories: true) }
        let present = Set(existing)
        var todo = (0..<sources).filter { !present.contains(relativePath($0)) }
        if let rewritten, rewritten < sources, present.contains(relativePath(rewritten)) { todo.append(rewritten) }

        let failure = Failure()
        let sourcesToWrite = todo
        DispatchQueue.concurrentPerform(iterations: sourcesToWrite.count) { k in
            do { try write(sourcesToWrite[k], variant: 0) } catch { failure.record(error) }
        }
        if let error = failure.error { throw error }
        if rewritten != nil { try fm.removeItem(atPath: marker) }
        return todo.count
    }

    /// Sets one source's modification time to now without changing a byte (`utimensat`).
    public func touch(_ i: Int) throws {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let times = [now, now]
        guard utimensat(AT_FDCWD, path(i), times, 0) == 0 else {
            throw BenchmarkError(description: "utimensat \(path(i)): \(String(cString: strerror(errno)))")
        }
    }

    /// Replaces one source with different audio of the same length and format.
    public func rewrite(_ i: Int) throws {
        try Data("\(i)\n".utf8).write(to: URL(fileURLWithPath: root + "/" + Self.markerName))
        try write(i, variant: Self.rewriteSeedOffset)
    }

    /// Puts back the audio `rewrite` replaced.
    public func restore(_ i: Int) throws {
        try write(i, variant: 0)
        try FileManager.default.removeItem(atPath: root + "/" + Self.markerName)
    }

    private func write(_ i: Int, variant: UInt64) throws {
        let relative = relativePath(i)
        let samples = SyntheticMusic.samples(
            seconds: seconds(i), rate: sampleRate, seed: seed &+ UInt64(i) &+ variant,
            stream: relative, channels: 1)
        let destination = root + "/" + relative
        let url = URL(fileURLWithPath: destination)
        let temporary = url.deletingLastPathComponent().path + "/" + DurableFile.temporaryPrefix + url.lastPathComponent
        try SoundFile.write(samples, channels: 1, sampleRate: sampleRate, format: .wav16, to: temporary)
        guard rename(temporary, destination) == 0 else {
            throw BenchmarkError(description: "rename \(temporary): \(String(cString: strerror(errno)))")
        }
    }

    /// Visible `.wav` files under the root, relative to it; hidden ones (temporaries, the marker) are not part of the corpus.
    private func audioFiles() -> [String] {
        (FileManager.default.subpaths(atPath: root) ?? []).filter { relative in
            relative.hasSuffix(".wav") && !relative.split(separator: "/").contains { $0.hasPrefix(".") }
        }
    }
}

/// The first error of a parallel loop.
private final class Failure: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?

    func record(_ error: Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }
}
