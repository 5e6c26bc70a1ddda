import Foundation

/// A tmpfs of a chosen size mounted on a fresh temporary folder: a disk that fills up, for the
/// tests of what melshard does when a write fails for lack of space. Needs root (or
/// CAP_SYS_ADMIN); `isAvailable` says whether this process can mount one, so a test can be
/// skipped with the reason instead of passing without having run.
public final class SmallDisk: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public var path: String { directory.path }

    /// Why a small disk cannot be had here, or nil when it can: tried once per process by
    /// mounting (and unmounting) a 64 KiB tmpfs.
    public static let unavailableReason: String? = {
        guard geteuid() == 0 else { return "not root: mounting a tmpfs needs root" }
        do {
            _ = try SmallDisk(bytes: 64 * 1024)
            return nil
        } catch {
            return "\(error)"
        }
    }()

    public static var isAvailable: Bool { unavailableReason == nil }

    public struct MountFailed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Mounts a tmpfs of `bytes` (rounded up to whole pages by the kernel).
    public init(bytes: Int) throws {
        directory = TemporaryDirectory("small-disk")
        guard mount("tmpfs", directory.path, "tmpfs", 0, "size=\(bytes),mode=0755") == 0 else {
            throw MountFailed(description: "mount -t tmpfs on \(directory.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Grows (or shrinks) the disk in place, keeping every file on it.
    public func resize(bytes: Int) throws {
        guard mount("tmpfs", directory.path, "tmpfs", UInt(MS_REMOUNT), "size=\(bytes),mode=0755") == 0 else {
            throw MountFailed(description: "remount of \(directory.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Bytes free on the disk now.
    public var freeBytes: Int {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return 0 }
        return Int(stats.f_bavail) * Int(stats.f_frsize)
    }

    /// Unmounts before the folder under it is removed (a lazy unmount, in case a child still
    /// holds a file open).
    deinit { umount2(directory.path, Int32(MNT_DETACH)) }

    /// The total size of the regular files under `path`, to size a disk from a run that fitted.
    public static func bytesUsed(under path: String) -> Int {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        for case let relative as String in walker {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + relative)
            if attributes?[.type] as? FileAttributeType == .typeRegular {
                total += (attributes?[.size] as? Int) ?? 0
            }
        }
        return total
    }
}
