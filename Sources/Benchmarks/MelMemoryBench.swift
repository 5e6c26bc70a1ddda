import Foundation
import MelshardCore

/// `melshard bench mel-memory`: the peak memory of `melshard mel` on long files, streamed and
/// with the whole matrix in memory (`--in-memory`), each run in its own process and measured
/// from outside (`MeasuredChild`: `ru_maxrss` of that process).
public struct MelMemoryBench: Sendable {
    /// One file's two runs.
    public struct Row: Sendable, Codable {
        public var minutes: Int
        public var fileMiB: Double
        public var streamedRSSMiB: Double
        public var streamedSeconds: Double
        public var inMemoryRSSMiB: Double?
        public var inMemorySeconds: Double?

        enum CodingKeys: String, CodingKey {
            case minutes, fileMiB = "file_mib", streamedRSSMiB = "streamed_rss_mib"
            case streamedSeconds = "streamed_seconds", inMemoryRSSMiB = "in_memory_rss_mib"
            case inMemorySeconds = "in_memory_seconds"
        }
    }

    public var executable: String
    public var out: String
    public var minutes: [Int]
    public var sampleRate: Int
    /// Whether to run the whole path too (it needs memory in proportion to the file).
    public var inMemory: Bool
    /// Extra `melshard mel` arguments (a preset, say).
    public var melArguments: [String]
    public var log: @Sendable (String) -> Void

    public init(
        executable: String, out: String, minutes: [Int], sampleRate: Int, inMemory: Bool, melArguments: [String],
        log: @escaping @Sendable (String) -> Void
    ) {
        self.executable = executable
        self.out = out
        self.minutes = minutes
        self.sampleRate = sampleRate
        self.inMemory = inMemory
        self.melArguments = melArguments
        self.log = log
    }

    public func run() throws -> [Row] {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var rows: [Row] = []
        for length in minutes {
            let audio = out + "/tone-noise-\(length)min-\(sampleRate).wav"
            try Self.writeWAV(to: audio, seconds: length * 60, sampleRate: sampleRate)
            let fileMiB =
                Double(try FileManager.default.attributesOfItem(atPath: audio)[.size] as? Int ?? 0) / 1_048_576
            let streamed = try measure(audio, extra: [], label: "\(length) min streamed")
            var row = Row(
                minutes: length, fileMiB: fileMiB, streamedRSSMiB: streamed.peakRSSMiB,
                streamedSeconds: streamed.seconds)
            if inMemory {
                let whole = try measure(audio, extra: ["--in-memory"], label: "\(length) min in memory")
                row.inMemoryRSSMiB = whole.peakRSSMiB
                row.inMemorySeconds = whole.seconds
            }
            rows.append(row)
        }
        return rows
    }

    private func measure(_ audio: String, extra: [String], label: String) throws -> ChildRun {
        log("running melshard mel on \(label)")
        let output = out + "/mel.npy"
        let child = try MeasuredChild.run(
            executable, ["mel", audio] + melArguments + extra + ["-o", output], stdoutPath: out + "/mel.stdout",
            stderrPath: out + "/mel.stderr")
        guard child.run.termination == .exited(0) else {
            let stderr = (try? String(contentsOfFile: out + "/mel.stderr", encoding: .utf8)) ?? ""
            throw BenchmarkError(description: "melshard mel on \(label) ended \(child.run.termination): \(stderr)")
        }
        try? FileManager.default.removeItem(atPath: output)
        return child.run
    }

    /// A 16-bit mono WAV of a slowly swept tone plus seeded noise, written a second at a time (a
    /// three-hour file would otherwise be a gigabyte of floats); reused when already there.
    static func writeWAV(to path: String, seconds: Int, sampleRate: Int) throws {
        let dataBytes = seconds * sampleRate * 2
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size == 44 + dataBytes {
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw BenchmarkError(description: "\(path): cannot create the benchmark audio") }
        defer { try? handle.close() }
        var header = Data("RIFF".utf8)
        func le32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { header.append(contentsOf: $0) } }
        func le16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { header.append(contentsOf: $0) } }
        le32(36 + dataBytes)
        header.append(contentsOf: Array("WAVEfmt ".utf8))
        le32(16)
        le16(1)
        le16(1)
        le32(sampleRate)
        le32(sampleRate * 2)
        le16(2)
        le16(16)
        header.append(contentsOf: Array("data".utf8))
        le32(dataBytes)
        try handle.write(contentsOf: header)
        var state: UInt64 = 2026
        var block = [Int16](repeating: 0, count: sampleRate)
        for second in 0..<seconds {
            let frequency = 220 + 30 * Double(second % 60)
            for n in 0..<sampleRate {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let noise = Double(Int64(bitPattern: state) >> 11) / Double(1 << 52)
                let tone = sin(2 * Double.pi * frequency * Double(n) / Double(sampleRate))
                block[n] = Int16((0.3 * tone + 0.05 * noise) * 32767)
            }
            try block.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
        }
    }
}
