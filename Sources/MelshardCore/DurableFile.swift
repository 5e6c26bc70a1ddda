import Foundation

/// Writes that survive a crash at any instant: the bytes go to a temporary file in the same
/// directory, are synced, and only then renamed over the destination; the directory is synced
/// so that the rename itself is durable. A reader sees the old file or the new one, never half.
public enum DurableFile {
    /// The prefix of temporary files, so a later build can find and remove those a crash left.
    public static let temporaryPrefix = ".tmp-"

    public static func write(_ bytes: [UInt8], to path: String, beforeRename: () -> Void = {}) throws(FileError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/" + temporaryPrefix + url.lastPathComponent + "-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError(path: temporary, operation: "open", code: errno) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw FileError(path: temporary, operation: "write", code: code)
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw FileError(path: temporary, operation: "fsync", code: code)
        }
        close(fd)
        beforeRename()
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileError(path: path, operation: "rename", code: code)
        }
        try syncDirectory(directory)
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
