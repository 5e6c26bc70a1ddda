import Foundation

/// A file with no name, for bytes a run sets aside and reads back but never keeps: it lives
/// while this object does, and nothing of it is left on disk when the process ends however it
/// ends (SIGKILL included), so there is nothing for a later run to clean up.
///
/// Opened with `O_TMPFILE` where the file system supports it, otherwise created under a unique
/// name and unlinked at once. Appends go through `ScratchFile.Writer`; reads (`pread`) may come
/// from any thread once the writer is done.
public final class ScratchFile: Sendable {
    /// Where the file was opened, for messages.
    public let directory: String
    private let descriptor: Int32

    /// An empty scratch file on the file system of `directory`.
    public init(directory: String) throws(FileError) {
        self.directory = directory
        var fd = open(directory, Self.temporaryFileFlag | O_RDWR | O_CLOEXEC, 0o600)
        if fd < 0 {
            // No O_TMPFILE here (NFS, older kernels): a unique name, removed as soon as it is open.
            var template = Array((directory + "/" + Self.fallbackPrefix + "XXXXXX").utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            if fd < 0 { throw FileError(path: directory, operation: "create a scratch file in", code: errno) }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            unlink(String(cString: template))
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// The name a scratch file has for an instant where `O_TMPFILE` is not supported: a build
    /// killed in that instant leaves it, and the next build of the folder removes it.
    public static let fallbackPrefix = ".melshard-scratch-"

    /// Linux's `O_TMPFILE`, which Swift does not import: `__O_TMPFILE | O_DIRECTORY`.
    private static let temporaryFileFlag: Int32 = 0o2000_0000 | O_DIRECTORY

    /// `count` bytes from `offset`, as the writer put them there.
    public func read(offset: Int64, count: Int) throws(FileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        // `withUnsafeMutableBytes` rethrows untyped errors: the typed one is carried out by hand.
        let failure = bytes.withUnsafeMutableBytes { buffer -> FileError? in
            do throws(FileError) { try read(into: buffer, offset: offset) } catch { return error }
            return nil
        }
        if let failure { throw failure }
        return bytes
    }

    /// Fills `buffer` with the bytes from `offset`, as the writer put them there.
    public func read(into buffer: UnsafeMutableRawBufferPointer, offset: Int64) throws(FileError) {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw FileError(path: directory + "/(scratch file)", operation: "read", code: errno) }
            if n == 0 {
                throw FileError(
                    path: directory + "/(scratch file)", operation: "read",
                    message: "it ends before byte \(offset + Int64(buffer.count))")
            }
            done += n
        }
    }

    /// Appends through a buffer, so that a million small records cost a few hundred writes.
    public struct Writer: ~Copyable {
        public let file: ScratchFile
        /// Where the next appended byte will sit.
        public private(set) var end: Int64 = 0
        private var buffer: [UInt8] = []
        private var written: Int64 = 0
        private static let bufferSize = 1 << 20

        public init(_ file: ScratchFile) {
            self.file = file
            buffer.reserveCapacity(Self.bufferSize)
        }

        /// Appends `bytes` and says where they start.
        public mutating func append(_ bytes: [UInt8]) throws(FileError) -> Int64 {
            let result = bytes.withUnsafeBytes { raw -> Result<Int64, FileError> in
                do throws(FileError) { return .success(try append(contentsOf: raw)) } catch { return .failure(error) }
            }
            return try result.get()
        }

        /// Appends a copy of `bytes` and says where they start.
        @discardableResult
        public mutating func append(contentsOf bytes: UnsafeRawBufferPointer) throws(FileError) -> Int64 {
            let offset = end
            if buffer.count + bytes.count > Self.bufferSize { try flush() }
            buffer.append(contentsOf: bytes)
            end += Int64(bytes.count)
            return offset
        }

        /// Writes what is buffered; the file is then readable up to `end`.
        public mutating func flush() throws(FileError) {
            var done = 0
            while done < buffer.count {
                let n = buffer.withUnsafeBytes {
                    pwrite(file.descriptor, $0.baseAddress! + done, buffer.count - done, off_t(written) + off_t(done))
                }
                if n < 0 && errno == EINTR { continue }
                if n < 0 { throw FileError(path: file.directory + "/(scratch file)", operation: "write", code: errno) }
                done += n
            }
            written += Int64(buffer.count)
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
