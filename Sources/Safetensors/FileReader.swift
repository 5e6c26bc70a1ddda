import Foundation

/// The little file I/O the reader needs, with every system error turned into `.unreadable`.
struct FileReader: ~Copyable {
    let path: String
    /// The file's size when it was opened.
    let size: Int
    private let handle: FileHandle

    init(path: String) throws(SafetensorsError) {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw SafetensorsError(path: path, reason: .unreadable(Self.message(error)))
        }
        // Only a regular file has a meaningful size: a directory reports an absurd one, and a
        // pipe or device none at all, and the size decides how much the reader allocates.
        var status = stat()
        guard fstat(handle.fileDescriptor, &status) == 0 else {
            throw SafetensorsError(path: path, reason: .unreadable(String(cString: strerror(errno))))
        }
        guard status.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else {
            throw SafetensorsError(path: path, reason: .unreadable("not a regular file"))
        }
        self.path = path
        self.handle = handle
        self.size = Int(status.st_size)
    }

    deinit { try? handle.close() }

    /// Exactly the next `count` bytes. Fewer means the file shrank since it was opened.
    func read(count: Int) throws(SafetensorsError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        do {
            // In chunks, so a large file is not held twice (as `Data` and as the array) at once.
            while bytes.count < count, let chunk = try handle.read(upToCount: min(count - bytes.count, Self.chunkSize)),
                !chunk.isEmpty
            {
                // Appending `Data` element by element is about 10 times slower than its raw bytes.
                chunk.withUnsafeBytes { bytes.append(contentsOf: $0) }
            }
        } catch {
            throw SafetensorsError(path: path, reason: .unreadable(Self.message(error)))
        }
        guard bytes.count == count else {
            throw SafetensorsError(
                path: path,
                reason: .unreadable(
                    "the file ended after \(bytes.count) of \(count) bytes; did it change while being read?"))
        }
        return bytes
    }

    /// The whole file at `path`.
    static func readAll(path: String) throws(SafetensorsError) -> [UInt8] {
        let file = try FileReader(path: path)
        return try file.read(count: file.size)
    }

    private static let chunkSize = 16 << 20

    /// Foundation's errors describe themselves best through the underlying POSIX error when
    /// there is one ("No such file or directory", "Is a directory").
    private static func message(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        return nsError.localizedDescription
    }
}
