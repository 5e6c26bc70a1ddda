import Foundation
import MelshardCore

/// A text manifest split into numbered lines: CRLF or LF, a UTF-8 byte order mark dropped,
/// and any line that is not valid UTF-8 or holds a NUL byte turned into a reject naming its
/// line, so one bad byte costs one row, never the file.
///
/// NUL is refused because it is valid UTF-8 that not every store keeps: SQLite's C strings
/// end at it while the dataset card and the shards keep it, so a label would differ between
/// them, and two labels differing only after a NUL would collide in the index.
public struct ManifestFile: Sendable {
    public struct Line: Sendable, Hashable {
        /// 1-based.
        public var number: Int
        public var text: String

        /// Fields split on tab with no quoting at all: every character is data, and empty
        /// fields (trailing tabs included) are kept.
        ///
        /// Split on the tab byte, not on `Character`s: a tab is always a grapheme cluster of its
        /// own, so the fields are the same, and a million-row Common Voice TSV splits in a fifth
        /// of the time (the scan is what a no-op build costs: docs/build.md, "No-op builds").
        public func fields() -> [String] {
            var text = text
            return text.withUTF8 { bytes in
                var fields: [String] = []
                var start = 0
                for i in bytes.indices where bytes[i] == 0x09 {
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                    start = i + 1
                }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
                return fields
            }
        }
    }

    /// Relative to the corpus root when inside it.
    public var displayPath: String
    public var absolutePath: String
    /// Every line that decoded, blank ones included (readers decide what blank means).
    public var lines: [Line]
    public var rejects: [Reject]

    /// Nil when the file cannot be read at all.
    public init?(absolutePath: String, displayPath: String, corpus: String?) {
        guard let data = FileManager.default.contents(atPath: absolutePath) else { return nil }
        self.init(bytes: [UInt8](data), absolutePath: absolutePath, displayPath: displayPath, corpus: corpus)
    }

    public init(bytes: [UInt8], absolutePath: String, displayPath: String, corpus: String?) {
        self.absolutePath = absolutePath
        self.displayPath = displayPath
        lines = []
        rejects = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var number = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var stop = end
            if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
            number += 1
            let raw = bytes[start..<stop]
            if let text = String(validating: raw, as: UTF8.self) {
                if let nul = raw.firstIndex(of: 0) {
                    let column = String(decoding: raw[..<nul], as: UTF8.self).unicodeScalars.count + 1
                    rejects.append(
                        Reject(
                            corpus: corpus, path: displayPath, line: number, stage: .ingest, code: "nul-in-field",
                            reason:
                                "a NUL byte (U+0000) at column \(column); no field may hold one, so the row is skipped"
                        ))
                } else {
                    lines.append(Line(number: number, text: text))
                }
            } else {
                let valid = Self.validPrefixLength(raw)
                rejects.append(
                    Reject(
                        corpus: corpus, path: displayPath, line: number, stage: .ingest, code: "invalid-utf8",
                        reason:
                            "byte \(valid + 1) of the line (0x\(String(raw[raw.startIndex + valid], radix: 16, uppercase: true))) is not UTF-8; the row is skipped"
                    ))
            }
            start = end + 1
        }
    }

    /// Why line 1 is missing from `lines`, for a reader that cannot go on without it: the file is
    /// empty, or the line is not UTF-8 or holds a NUL. `name` says what the line is ("header").
    public func missingFirstLine(_ name: String) -> String {
        if lines.isEmpty && rejects.isEmpty { return "is empty" }
        if rejects.first?.line == 1, rejects.first?.code == "nul-in-field" { return "has a NUL byte in its \(name)" }
        return "has a \(name) that is not UTF-8"
    }

    public func origin(_ line: Line) -> ManifestOrigin { ManifestOrigin(manifest: displayPath, line: line.number) }

    /// A reject for a row the reader cannot use, naming this manifest and the line.
    public func reject(_ line: Line, corpus: String?, code: String, _ reason: String) -> Reject {
        Reject(corpus: corpus, path: displayPath, line: line.number, stage: .ingest, code: code, reason: reason)
    }

    /// How many bytes decode before the first invalid one.
    private static func validPrefixLength(_ bytes: ArraySlice<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var length = 0
        while case .scalarValue(let scalar) = decoder.decode(&iterator) { length += UTF8.width(scalar) }
        return length
    }
}
