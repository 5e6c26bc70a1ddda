import Foundation

/// The single-writer lock on an output directory: an `flock` on `DIR/.melshard.lock`.
///
/// `flock` is released by the kernel when the holder dies, even by SIGKILL, so a killed build
/// never leaves a stale lock behind; the pid written inside is only there for the message.
public final class DirectoryLock {
    public let path: String
    private let fd: Int32

    public struct Held: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var holder: String
        public var description: String {
            "another melshard build is writing this directory: \(path) is locked\(holder.isEmpty ? "" : " by pid \(holder)")"
        }
    }

    public static let fileName = ".melshard.lock"

    /// Takes the lock at once or throws `Held`; never waits. `fileName` names another lock file
    /// in `directory` (a build part's own). A `shared` lock is held by many at once and excludes
    /// only exclusive holders: the parts of one build share the output's lock, which the merge
    /// and a one-machine build take exclusively.
    public init(directory: String, fileName: String = DirectoryLock.fileName, shared: Bool = false) throws {
        path = directory + "/" + fileName
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError(path: path, operation: "open", code: errno) }
        guard flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0 else {
            let code = errno
            let holder =
                (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
                ?? ""
            close(fd)
            if code == EWOULDBLOCK { throw Held(path: path, holder: holder) }
            throw FileError(path: path, operation: "flock", code: code)
        }
        // Shared holders are many, so none names itself: the file is emptied (no exclusive holder
        // can be there) and a refused merge's message then names no stale pid.
        let pid = Array((shared ? "" : "\(getpid())\n").utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, pid.count, 0) }
    }

    /// Whether some process holds the lock file at `path` now (shared or exclusive). Takes and
    /// at once drops an exclusive lock; a missing file is not held, and is not created.
    public static func isHeld(path: String) -> Bool {
        // Read-write: on NFS, where `flock` becomes a byte-range lock, an exclusive one needs it.
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(fd, LOCK_UN)
        return false
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
