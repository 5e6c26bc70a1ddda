import Foundation
import MelshardCore

/// One part of a build split across machines (`melshard build --part I/N`, docs/cluster.md):
/// every part plans the whole dataset and writes the shards it owns. A shard belongs to part
/// `SHA-256(name) mod N`, its name being its stable identity (the planner names a shard by its
/// split and clips, never by the machine or the order it is written in), so the parts split the
/// shards with no coordination and two parts never write the same file.
public struct BuildPart: Sendable, Equatable, CustomStringConvertible {
    /// 0 … count − 1.
    public let index: Int
    public let count: Int

    /// The folder of the output that holds the parts' own indexes and locks.
    public static let folder = "parts"

    public init(index: Int, count: Int) throws(BuildPartError) {
        guard count >= 1 else { throw BuildPartError(given: "\(index)/\(count)", reason: "N must be at least 1") }
        guard (0..<count).contains(index) else {
            throw BuildPartError(given: "\(index)/\(count)", reason: "I must be in 0…\(count - 1) (parts count from 0)")
        }
        (self.index, self.count) = (index, count)
    }

    /// Parses `I/N`, as `--part` and Slurm's `$SLURM_ARRAY_TASK_ID/N` give it.
    public init(parsing text: String) throws(BuildPartError) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, let i = Int(pieces[0]), let n = Int(pieces[1]), pieces.allSatisfy({ $0.first != "+" })
        else { throw BuildPartError(given: text, reason: "expected I/N, two whole numbers such as 0/4") }
        try self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// `I-of-N`: the stem of the part's index and lock file names.
    public var fileStem: String { "\(index)-of-\(count)" }

    /// The part's own index, relative to the output folder.
    public var indexPath: String { "\(Self.folder)/\(fileStem).sqlite" }

    /// The part's own lock file name, in `parts/`.
    public var lockFileName: String { "\(fileStem).lock" }

    /// Whether this part writes the shard named `shardName`.
    public func owns(_ shardName: String) -> Bool {
        Self.owner(of: shardName, parts: count) == index
    }

    /// The part, 0 … parts − 1, that writes the shard named `shardName`: the first 8 bytes of the
    /// name's SHA-256, big-endian, modulo `parts`.
    public static func owner(of shardName: String, parts: Int) -> Int {
        let hex = SHA256Digest.hex(of: Array(shardName.utf8))
        return Int(UInt64(hex.prefix(16), radix: 16)! % UInt64(parts))
    }

    /// The parts whose index files are in `directory/parts` (`I-of-N.sqlite`), by N.
    public static func found(in directory: String) -> [Int: [BuildPart]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + folder)) ?? []
        var out: [Int: [BuildPart]] = [:]
        for name in names where name.hasSuffix(".sqlite") {
            let pieces = name.dropLast(".sqlite".count).split(separator: "-")
            guard pieces.count == 3, pieces[1] == "of", let i = Int(pieces[0]), let n = Int(pieces[2]),
                let part = try? BuildPart(index: i, count: n), part.fileStem == name.dropLast(".sqlite".count)
            else { continue }
            out[n, default: []].append(part)
        }
        return out.mapValues { $0.sorted { $0.index < $1.index } }
    }
}

/// `--part` given in a form that is not `I/N` with 0 ≤ I < N.
public struct BuildPartError: Error, Sendable, Equatable, CustomStringConvertible {
    public var given: String
    public var reason: String
    public var description: String { "--part \(given): \(reason)" }
}
