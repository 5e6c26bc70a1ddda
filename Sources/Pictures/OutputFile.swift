import Foundation

/// Writes a picture or a page to the user's path in one step, with a failure that says what
/// the system said about that path (`not a directory`, `is a directory`, `read-only file
/// system`) rather than Foundation's "The operation could not be completed".
///
/// The bytes go to a temporary beside the destination, which is renamed over it, so a reader
/// never sees half a file; the temporary is removed whatever fails.
enum OutputFile {
    static func save(_ bytes: [UInt8], to path: String) throws(PicturesError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().path + "/.tmp-" + url.lastPathComponent + "-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, errno) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw failure(path, code)
            }
            written += n
        }
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(path, code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw failure(path, code)
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> PicturesError {
        PicturesError(path: path, reason: "cannot write: " + String(cString: strerror(code)).lowercased())
    }
}
