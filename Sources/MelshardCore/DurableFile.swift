import Foundation

/// Writes that survive a crash at any instant: the bytes go to a temporary file in the same
/// directory, are synced, and only then renamed over the destination; the directory is synced
/// so that the rename itself is durable. A reader sees the old file or the new one, never half.
public enum DurableFile {
    /// The prefix of temporary files, so a later build can find and remove those a crash left.
    public static let temporaryPrefix = ".tmp-"

    public static func write(_ bytes: [UInt8], to path: String, beforeRename: () -> Void = {}) throws(FileError) {
        let file = try Temporary(for: path)
        do throws(FileError) {
            try file.write(bytes, at: 0)
            try file.commit(beforeRename: beforeRename)
        } catch {
            file.discard()
            throw error
        }
    }

    /// A file being written, in pieces and from several threads at once, under a temporary
    /// name beside its destination; `commit` syncs it and renames it into place. Its errors name
    /// the destination: the temporary name is removed with it, and means nothing to the user.
    public final class Temporary: @unchecked Sendable {
        public let destination: String
        public let path: String
        private let fd: Int32
        private var open = true

        public init(for destination: String) throws(FileError) {
            let url = URL(fileURLWithPath: destination)
            self.destination = destination
            path = url.deletingLastPathComponent().path + "/" + temporaryPrefix + url.lastPathComponent + "-\(getpid())"
            fd = Foundation.open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw FileError(path: destination, operation: "open", code: errno) }
        }

        deinit { if open { close(fd) } }

        /// `pwrite` until done: safe from several threads as long as their ranges do not overlap.
        public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(FileError) {
            var done = 0
            while done < bytes.count {
                let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileError(path: destination, operation: "write", code: errno)
                }
                done += n
            }
        }

        public func write(_ bytes: [UInt8], at offset: Int) throws(FileError) {
            // withUnsafeBytes rethrows untyped errors; a Result carries the typed one through.
            try bytes.withUnsafeBytes { raw in Result { () throws(FileError) in try write(raw, at: offset) } }.get()
        }

        public func read(count: Int, at offset: Int) throws(FileError) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let n = bytes.withUnsafeMutableBytes {
                    pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done))
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileError(path: destination, operation: "read", code: errno)
                }
                if n == 0 {
                    throw FileError(path: destination, operation: "read", message: "end of file at \(offset + done)")
                }
                done += n
            }
            return bytes
        }

        public func truncate(to size: Int) throws(FileError) {
            guard ftruncate(fd, off_t(size)) == 0 else {
                throw FileError(path: destination, operation: "ftruncate", code: errno)
            }
        }

        /// Syncs, closes and renames over the destination, then syncs the directory.
        public func commit(beforeRename: () -> Void = {}) throws(FileError) {
            guard fsync(fd) == 0 else { throw FileError(path: destination, operation: "fsync", code: errno) }
            close(fd)
            open = false
            beforeRename()
            guard rename(path, destination) == 0 else {
                throw FileError(path: destination, operation: "rename", code: errno)
            }
            try syncDirectory(URL(fileURLWithPath: destination).deletingLastPathComponent().path)
        }

        /// Closes and removes the temporary file.
        public func discard() {
            if open { close(fd) }
            open = false
            unlink(path)
        }
    }

    public static func syncDirectory(_ directory: String) throws(FileError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: directory, operation: "open", code: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileError(path: directory, operation: "fsync", code: errno) }
    }

    /// Size and modification time in nanoseconds, or nil when the file does not exist.
    public static func status(_ path: String) -> (size: Int64, mtimeNanoseconds: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }
}
