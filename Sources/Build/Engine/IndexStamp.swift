import Foundation
import MelshardCore

/// What `index.sqlite` looked like on disk when the last whole build that finished closed it:
/// device, inode, size, and modification and status-change times in nanoseconds. Kept in
/// `OUT/.melshard.index-stamp`, one line of five integers.
///
/// Opening an index runs SQLite's `quick_check`, which reads the whole file: 9 s of a no-op
/// build at study 000's scale (a 5.9-GB index). An index whose stamp still matches has not been
/// written through the file system since a build of ours left it sound (SQLite's own writes
/// are trusted; a build's check ran before them): any write, `touch` or copy changes its
/// status-change time or inode, and no user can set the status-change time back. So a build
/// skips the check then. What the stamp cannot see is damage below the file system (a failing
/// disk), which `melshard verify` still looks for on every run. docs/build.md, "A damaged index".
struct IndexStamp: Equatable, CustomStringConvertible {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var mtimeNanoseconds: Int64
    var ctimeNanoseconds: Int64

    static let fileName = ".melshard.index-stamp"

    /// The stamp of the index file at `indexFile` as it is now; nil when it is missing, or when
    /// its write-ahead log holds anything (a build still running, or one that was killed, whose
    /// frames are part of the database until a checkpoint moves them in).
    static func current(indexFile: String) -> IndexStamp? {
        var info = stat()
        guard stat(indexFile, &info) == 0 else { return nil }
        var log = stat()
        if stat(indexFile + "-wal", &log) == 0, log.st_size > 0 { return nil }
        return IndexStamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            mtimeNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            ctimeNanoseconds: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
    }

    var description: String { "\(device) \(inode) \(size) \(mtimeNanoseconds) \(ctimeNanoseconds)\n" }

    init(device: UInt64, inode: UInt64, size: Int64, mtimeNanoseconds: Int64, ctimeNanoseconds: Int64) {
        (self.device, self.inode, self.size) = (device, inode, size)
        (self.mtimeNanoseconds, self.ctimeNanoseconds) = (mtimeNanoseconds, ctimeNanoseconds)
    }

    /// Parses `description`; nil for anything else (a damaged stamp only costs the check).
    init?(_ text: String) {
        let fields = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard fields.count == 5, let device = UInt64(fields[0]), let inode = UInt64(fields[1]),
            let size = Int64(fields[2]), let mtime = Int64(fields[3]), let ctime = Int64(fields[4])
        else { return nil }
        self.init(device: device, inode: inode, size: size, mtimeNanoseconds: mtime, ctimeNanoseconds: ctime)
    }

    /// Whether the index at `indexFile` is as the stamp in `directory` recorded it.
    static func matches(directory: String, indexFile: String) -> Bool {
        guard let text = try? String(contentsOfFile: directory + "/" + fileName, encoding: .utf8),
            let recorded = IndexStamp(text)
        else { return false }
        return current(indexFile: indexFile) == recorded
    }

    /// Records the index as it is now, after the build's connection closed it. Writes nothing
    /// (and removes an older stamp) when the index's log is not empty, for instance because a
    /// `status` still had the file open and so SQLite kept the log: the next build then checks.
    static func record(directory: String, indexFile: String) throws {
        let path = directory + "/" + fileName
        guard let stamp = current(indexFile: indexFile) else {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            return
        }
        try DurableFile.write(Array(stamp.description.utf8), to: path)
    }
}
