import Foundation

/// Lists folders by the bytes of their entries' names. Foundation's listings decode each name
/// as UTF-8 and put U+FFFD where a byte is not, so a file such as `caf\xE9.wav` (Latin-1, from
/// an old archive) came back under a name that does not exist and vanished without a trace.
/// Here such a name is kept as what it is: a path melshard cannot name, for a reject.
struct FolderWalk {
    /// Below the walked folder, sorted by bytes: the paths that are UTF-8 (ready to use as
    /// names), and those with a name that is not (shown with each bad byte as `\xNN`).
    var files: [String] = []
    var nonUTF8Files: [String] = []
    /// Folders that could not be opened (relative, escaped as above; "" for the walked folder
    /// itself), with the system's reason: their files are unknown, which a reject must say.
    var unreadableFolders: [(path: String, reason: String)] = []

    /// `opendir`'s failure, as its `errno`.
    struct OpenFailure: Error {
        var code: Int32
        var reason: String { String(cString: strerror(code)) }
    }

    /// Every file (anything but a folder: symbolic links too, which are not followed, so a loop
    /// of links cannot hang the walk) below `folder`, skipping hidden files and folders.
    init(_ folder: String) {
        var pending: [[UInt8]] = [[]]
        while let relative = pending.popLast() {
            let listing = Self.names(in: Array(folder.utf8) + (relative.isEmpty ? [] : [UInt8(ascii: "/")] + relative))
            guard case .success(let names) = listing else {
                if case .failure(let failure) = listing {
                    unreadableFolders.append((Self.escaped(relative), failure.reason))
                }
                continue
            }
            for name in names {
                let path = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
                if Self.isFolder(Array(folder.utf8) + [UInt8(ascii: "/")] + path) {
                    pending.append(path)
                } else if let text = String(validating: path, as: UTF8.self) {
                    files.append(text)
                } else {
                    nonUTF8Files.append(Self.escaped(path))
                }
            }
        }
        files.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        nonUTF8Files.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        unreadableFolders.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The names in one folder, as bytes, without `.`, `..` and hidden entries, or why the
    /// folder cannot be opened.
    static func names(in folder: [UInt8]) -> Result<[[UInt8]], OpenFailure> {
        guard let directory = withCString(folder, { opendir($0) }) else { return .failure(OpenFailure(code: errno)) }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name.first == UInt8(ascii: ".") { continue }
            names.append(name)
        }
        return .success(names)
    }

    /// A real folder, not a symbolic link to one.
    static func isFolder(_ path: [UInt8]) -> Bool {
        var info = stat()
        return withCString(path) { lstat($0, &info) } == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The path as text, every byte that is not part of valid UTF-8 written `\xNN`.
    static func escaped(_ bytes: [UInt8]) -> String {
        var text = ""
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            if i + length <= bytes.count, let scalar = String(validating: bytes[i..<i + length], as: UTF8.self) {
                text += scalar
                i += length
            } else {
                text += "\\x" + String(lead, radix: 16, uppercase: true).leftPadded(2)
                i += 1
            }
        }
        return text
    }

    private static func withCString<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
