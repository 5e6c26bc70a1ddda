import Foundation

/// A file descriptor this process opened for one of a child's standard streams; closed when
/// the last reference goes.
///
/// Every descriptor is opened with O_CLOEXEC, so a child started meanwhile by another thread
/// does not inherit it; the spawn `dup2`s it onto the child's stream, which clears the flag there.
final class StreamFile: @unchecked Sendable {
    let fd: Int32
    /// Whether the child's writes are read back into its `ChildRun`.
    let readsBack: Bool

    private init(fd: Int32, readsBack: Bool) {
        self.fd = fd
        self.readsBack = readsBack
    }

    deinit { close(fd) }

    struct OpenError: Error, CustomStringConvertible {
        var description: String
    }

    static func input(_ input: ChildProcess.Input) throws(OpenError) -> StreamFile {
        switch input {
        case .empty:
            return try open("/dev/null", O_RDONLY, readsBack: false)
        case .file(let path):
            return try open(path, O_RDONLY, readsBack: false)
        case .data(let bytes):
            let file = try temporary()
            try file.write(bytes)
            return file
        }
    }

    static func output(_ output: ChildProcess.Output) throws(OpenError) -> StreamFile {
        switch output {
        case .captured: try temporary()
        case .file(let path): try open(path, O_RDWR | O_CREAT | O_TRUNC, readsBack: true)
        case .discarded: try open("/dev/null", O_WRONLY, readsBack: false)
        }
    }

    /// A new file in the temporary folder, unlinked at once: only the descriptor reaches it.
    private static func temporary() throws(OpenError) -> StreamFile {
        let path = FileManager.default.temporaryDirectory.path + "/melshard-child-\(UUID().uuidString)"
        let file = try open(path, O_RDWR | O_CREAT | O_EXCL, mode: 0o600, readsBack: true)
        unlink(path)
        return file
    }

    private static func open(
        _ path: String, _ flags: Int32, mode: mode_t = 0o644,
        readsBack: Bool
    ) throws(OpenError) -> StreamFile {
        let fd = Foundation.open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw OpenError(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        return StreamFile(fd: fd, readsBack: readsBack)
    }

    /// Writes at offset 0 with `pwrite`, which leaves the file offset the child starts reading from at 0.
    private func write(_ bytes: Data) throws(OpenError) {
        let failed: Int32? = bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += n
            }
            return nil
        }
        if let failed {
            let reason = String(cString: strerror(failed))
            throw OpenError(description: "cannot write its input to a temporary file: \(reason)")
        }
    }

    /// Everything in the file, from offset 0 to its end (whatever offset the child left).
    func readAll() -> Data {
        var bytes = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(bytes.count)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return bytes }
            bytes.append(contentsOf: chunk[..<n])
        }
    }
}
