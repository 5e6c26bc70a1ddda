import Foundation

/// Writes a `[rows, columns]` float32 `.npy` file (C order, as `Npy.write`) a block of columns
/// at a time, so a matrix longer than memory never exists whole.
///
/// A block of columns is not contiguous in C order: each of its rows goes to its own offset
/// (`pwrite`, one call per row). The file is written under a temporary name beside `path` and
/// renamed over it by `commit()`, so a failed or interrupted run leaves no half-written array
/// where the old one was (the same promise as `Npy.write`'s atomic write).
public final class NpyMatrixWriter {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write the .npy file: \(reason)" }
    }

    public let path: String
    public let rows: Int
    public let columns: Int
    private let temporaryPath: String
    private let payloadOffset: Int
    private var descriptor: Int32

    /// Creates the file with its header and room for every value (zeros until written).
    public init(path: String, rows: Int, columns: Int) throws(WriteError) {
        self.path = path
        self.rows = rows
        self.columns = columns
        let url = URL(fileURLWithPath: path)
        temporaryPath =
            url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        let header = Npy.header(shape: [rows, columns])
        payloadOffset = header.count
        descriptor = open(temporaryPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(path: path, reason: Self.errnoText()) }
        var failure = header.withUnsafeBytes { write($0, at: 0) }
        if failure == nil && ftruncate(descriptor, off_t(payloadOffset + rows * columns * 4)) != 0 {
            failure = Self.errnoText()
        }
        if let failure {
            abandon()
            throw WriteError(path: path, reason: failure)
        }
    }

    deinit { abandon() }

    /// Writes `block` (`rows` × any number of columns) as columns `start ..< start + block.columns`.
    public func write(_ block: FeatureMatrix, atColumn start: Int) throws(WriteError) {
        precondition(block.rows == rows && start >= 0 && start + block.columns <= columns, "block out of the matrix")
        guard block.columns > 0 else { return }
        let failure = block.values.withUnsafeBytes { values -> String? in
            for r in 0..<rows {
                let row = UnsafeRawBufferPointer(
                    rebasing: values[(r * block.columns * 4)..<((r + 1) * block.columns * 4)])
                if let failure = write(row, at: payloadOffset + (r * columns + start) * 4) { return failure }
            }
            return nil
        }
        if let failure { throw WriteError(path: path, reason: failure) }
    }

    /// Rewrites every value in place through `transform`, `chunk` values at a time, in file
    /// order: a pass for what needs the whole matrix first (a dB scale relative to its maximum,
    /// a floor below its peak).
    public func rewrite(chunk: Int = 1 << 16, _ transform: (inout [Float]) -> Void) throws(WriteError) {
        let total = rows * columns
        var buffer = [Float](repeating: 0, count: min(chunk, max(total, 1)))
        var done = 0
        while done < total {
            let count = min(chunk, total - done)
            if buffer.count != count { buffer = [Float](repeating: 0, count: count) }
            let offset = off_t(payloadOffset + done * 4)
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, offset) }
            guard read == count * 4 else { throw WriteError(path: path, reason: "short read: \(Self.errnoText())") }
            transform(&buffer)
            if let failure = buffer.withUnsafeBytes({ write($0, at: Int(offset)) }) {
                throw WriteError(path: path, reason: failure)
            }
            done += count
        }
    }

    /// Flushes the file and renames it over `path`.
    public func commit() throws(WriteError) {
        guard descriptor >= 0 else { throw WriteError(path: path, reason: "already closed") }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else {
            unlink(temporaryPath)
            throw WriteError(path: path, reason: Self.errnoText())
        }
        guard rename(temporaryPath, path) == 0 else {
            let reason = Self.errnoText()
            unlink(temporaryPath)
            throw WriteError(path: path, reason: reason)
        }
    }

    /// Writes all of `bytes` at `offset`; the reason when it cannot.
    private func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> String? {
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return n == 0 ? "wrote nothing" : Self.errnoText() }
            done += n
        }
        return nil
    }

    /// Closes and removes the temporary file when `commit` did not run.
    private func abandon() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporaryPath)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
