/// A path that is equal, hashed and ordered by its UTF-8 bytes.
///
/// Swift's `String ==` (and so `Set<String>`, `[String: …]` and `<`) treats canonically
/// equivalent text as equal: `café` written with `é` (NFC) and with `e` + U+0301 (NFD) is one
/// string to Swift, but two different files to Linux. Every set, dictionary or sort of paths
/// keys on this instead, so two such files stay two sources.
public struct PathKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let path: String

    public init(_ path: String) { self.path = path }

    public var description: String { path }

    public static func == (a: PathKey, b: PathKey) -> Bool { a.path.utf8.elementsEqual(b.path.utf8) }

    /// The bytes in one call, not one call per byte: a scan of a million-row manifest hashes
    /// each path several times (duplicate rows, split files).
    public func hash(into hasher: inout Hasher) {
        var path = path
        path.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(path.utf8.count)
    }

    /// Byte order, which for text in NFC is the order `String <` gives, so sorted lists of
    /// ordinary names keep their order.
    public static func < (a: PathKey, b: PathKey) -> Bool {
        a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
    }

    /// Whether `path` starts with the bytes of `prefix`; `String.hasPrefix` compares characters,
    /// so an NFD root would seem to contain an NFC sibling folder.
    public func hasPrefix(_ prefix: String) -> Bool { path.utf8.starts(with: prefix.utf8) }
}
