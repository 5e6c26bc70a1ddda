import Foundation
import MelshardCore
import SoundFile

/// The tiny MP3s of the scale benchmark's corpora: a few short encoded clips, written once with
/// libsndfile (LAME), and any number of distinct files made from them by prefixing an ID3v2 tag
/// that names the file.
///
/// Why a tag: melshard finds duplicate audio by the SHA-256 of a file's bytes
/// (`ProbedSource.probe`, `DuplicateAudio`), so a million byte-identical copies would be merged
/// into one group and flood the rejects with `duplicate-audio` notices. An ID3v2 tag at the start
/// is part of the file, so each copy hashes differently, but decoders skip it (mpg123, behind
/// libsndfile, reads the tag and starts at the first frame), so every copy decodes to the same
/// samples and the same frame count as its base. Writing a copy is one `write(2)` of a few
/// kilobytes, where encoding it would cost LAME's start-up every time.
public struct ScaleAudio: Sendable {
    /// The encoded base clips, shortest first.
    public var bases: [Data]
    /// Each base's length in samples, as written (the decoders trim LAME's padding back to it).
    public var frames: [Int]
    public var sampleRate: Int

    /// Encodes `lengths` seconds of a different tone each (so the bases differ in content too),
    /// mono at `sampleRate`, through a temporary file in `folder`.
    public static func encode(lengths: [Double], sampleRate: Int, folder: String) throws -> ScaleAudio {
        var bases: [Data] = []
        var frames: [Int] = []
        for (k, seconds) in lengths.enumerated() {
            let count = Int((seconds * Double(sampleRate)).rounded())
            let frequency = 220.0 * pow(2, Double(k) / 4)
            var state = SeededRandom(seed: 2026, stream: "scale-audio-\(k)")
            let samples = (0..<count).map { n -> Float in
                let tone = sin(2 * Double.pi * frequency * Double(n) / Double(sampleRate))
                return Float(0.3 * tone + 0.02 * (state.nextUnit() - 0.5))
            }
            let path = folder + "/.scale-base-\(k).mp3"
            try SoundFile.write(samples, channels: 1, sampleRate: sampleRate, format: .mp3, to: path)
            bases.append(try Data(contentsOf: URL(fileURLWithPath: path)))
            try? FileManager.default.removeItem(atPath: path)
            frames.append(count)
        }
        return ScaleAudio(bases: bases, frames: frames, sampleRate: sampleRate)
    }

    /// An ID3v2.3 tag holding one title frame (`TIT2`, ISO-8859-1) with `title`: the bytes that
    /// make a copy distinct. `title` must be ASCII.
    public static func id3Tag(title: String) -> Data {
        let text = Array(title.utf8)
        precondition(text.allSatisfy { $0 < 0x80 } && text.count < 1 << 20, "an ASCII title")
        var frame = Data("TIT2".utf8)
        let payload = 1 + text.count
        frame.append(contentsOf: [UInt8(payload >> 24 & 0xFF), UInt8(payload >> 16 & 0xFF)])
        frame.append(contentsOf: [UInt8(payload >> 8 & 0xFF), UInt8(payload & 0xFF), 0, 0, 0])
        frame.append(contentsOf: text)
        // The tag's size is a "synchsafe" integer: 7 bits per byte.
        let size = frame.count
        var tag = Data("ID3".utf8)
        tag.append(contentsOf: [3, 0, 0])
        tag.append(contentsOf: [21, 14, 7, 0].map { UInt8(size >> $0 & 0x7F) })
        tag.append(frame)
        return tag
    }

    /// The bytes of the copy of base `base` named `title`.
    public func copy(base: Int, title: String) -> Data {
        var data = Self.id3Tag(title: title)
        data.append(bases[base])
        return data
    }

    /// Writes the copy with plain `open`/`write`/`close`: a million files through Foundation's
    /// `Data.write` would spend more time in its atomic-rename machinery than in the kernel.
    public func write(base: Int, title: String, to path: String) throws {
        let bytes = copy(base: base, title: title)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw BenchmarkError(description: "\(path): cannot create: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw BenchmarkError(description: "\(path): wrote \(written) of \(bytes.count) bytes")
        }
    }
}
