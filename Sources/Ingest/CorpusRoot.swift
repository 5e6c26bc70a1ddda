import Foundation
import MelshardCore
import Recipe

/// A corpus's root folder, and the one place where a path named by a manifest or found by a
/// walk is checked: it must stay inside the root (no `..`, no absolute path, no symbolic link
/// out), exist, and be a non-empty regular file.
public struct CorpusRoot: Sendable {
    public let corpus: String
    /// As the recipe gives it, absolute.
    public let path: String
    /// With every symbolic link resolved: what "inside the root" is checked against.
    public let realPath: String

    public init(_ spec: CorpusSpec) throws(CorpusError) {
        guard Self.isFolder(spec.root) else {
            throw CorpusError(
                corpus: spec.name, path: spec.root, reason: "is not a folder",
                hint: "fix `root` in the recipe or pass --corpus \(spec.name)=PATH")
        }
        corpus = spec.name
        path = spec.root
        realPath = URL(fileURLWithPath: spec.root).resolvingSymlinksInPath().path
    }

    /// Follows symbolic links, so a root or layout folder given as a link to a folder counts.
    static func isFolder(_ absolute: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// An option's path (a manifest, a folder of lists): relative to the root unless absolute.
    public func resolve(_ given: String) -> String {
        given.hasPrefix("/") ? given : URL(fileURLWithPath: path).appendingPathComponent(given).standardizedFileURL.path
    }

    /// How a path is shown in rejects: relative to the root when it is inside it.
    public func display(_ absolute: String) -> String {
        guard PathKey(absolute).hasPrefix(path + "/") else { return absolute }
        return String(decoding: absolute.utf8.dropFirst(path.utf8.count + 1), as: UTF8.self)
    }

    /// A file's path relative to the root, checked, as a candidate; or why it cannot be one.
    /// A manifest row's `origin` goes into the reject, so the message names the line.
    public func candidate(
        _ relative: String, origin: ManifestOrigin? = nil, labels: [String], group: String,
        officialSplit: String? = nil, attributes: SourceAttributes = [:]
    ) -> Result<SourceCandidate, Reject> {
        switch locate(relative, origin: origin) {
        case .failure(let reject): return .failure(reject)
        case .success(let file):
            return .success(
                SourceCandidate(
                    corpus: corpus, path: file.relative, root: path, size: file.size,
                    mtimeNanoseconds: file.mtimeNanoseconds, labels: labels, group: group,
                    officialSplit: officialSplit, origin: origin, attributes: attributes))
        }
    }

    public struct LocatedFile: Sendable, Hashable {
        /// Normalised: no `.` components, no doubled or trailing slashes.
        public var relative: String
        public var absolute: String
        public var size: Int64
        public var mtimeNanoseconds: Int64
    }

    public func locate(_ given: String, origin: ManifestOrigin? = nil) -> Result<LocatedFile, Reject> {
        func reject(_ code: String, _ reason: String) -> Result<LocatedFile, Reject> {
            if let origin {
                return .failure(
                    Reject(
                        corpus: corpus, path: origin.manifest, line: origin.line, stage: .ingest, code: code,
                        reason: "\(given): \(reason)"))
            }
            return .failure(Reject(corpus: corpus, path: given, stage: .ingest, code: code, reason: reason))
        }
        if given.isEmpty { return reject("missing-file", "the path is empty") }
        if given.hasPrefix("/") {
            return reject("path-escapes-root", "an absolute path; paths must be relative to the corpus root \(path)")
        }
        var parts: [Substring] = []
        // Split on the byte, as the file system does: a `/` followed by a combining mark is one
        // `Character`, which a split on characters would not cut; and byte splitting spares a
        // million-row manifest's scan the grapheme breaking of every path.
        for part in given.utf8.split(separator: 0x2F, omittingEmptySubsequences: true).map(Substring.init)
        where part != "." {
            if part == ".." {
                return reject("path-escapes-root", "'..' leaves the corpus root; paths must stay inside \(path)")
            }
            parts.append(part)
        }
        let relative = parts.joined(separator: "/")
        let absolute = path + "/" + relative
        var info = stat()
        guard lstat(absolute, &info) == 0 else { return reject("missing-file", "no such file") }
        if info.st_mode & S_IFMT == S_IFLNK || parentHasLink(parts) {
            let resolved = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
            // By bytes: an NFD sibling of an NFC root is another folder, outside the root.
            guard PathKey(resolved).hasPrefix(realPath + "/") else {
                return reject(
                    "path-escapes-root", "a symbolic link to \(resolved), outside the corpus root \(realPath)")
            }
            guard stat(absolute, &info) == 0 else { return reject("missing-file", "a dangling symbolic link") }
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return reject("not-a-file", "not a regular file") }
        if info.st_size == 0 { return reject("empty-file", "the file is empty (0 bytes)") }
        let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        return .success(
            LocatedFile(relative: relative, absolute: absolute, size: Int64(info.st_size), mtimeNanoseconds: mtime))
    }

    /// Whether a folder on the way to the file is a symbolic link (then the file may be outside).
    private func parentHasLink(_ parts: [Substring]) -> Bool {
        var current = path
        for part in parts.dropLast() {
            current += "/" + part
            var info = stat()
            if lstat(current, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK { return true }
        }
        return false
    }

    /// Every file under `folder` (relative to the root; "" for the root itself), relative to the
    /// root and sorted by bytes. Hidden files and folders are skipped; symbolic links to folders
    /// are not followed, so a loop of links cannot hang the walk. A file whose path is not UTF-8
    /// cannot be named in the index: it becomes a `non-utf8-path` reject in `rejects`; a folder
    /// that cannot be opened (its permissions) an `unreadable-folder` one.
    public func files(under folder: String = "", rejects: inout [Reject]) -> [String] {
        let walk = FolderWalk(folder.isEmpty ? path : path + "/" + folder)
        for (relative, reason) in walk.unreadableFolders {
            let named = [folder, relative].filter { !$0.isEmpty }.joined(separator: "/")
            rejects.append(
                Reject(
                    corpus: corpus, path: named.isEmpty ? "." : named, stage: .ingest, code: "unreadable-folder",
                    reason: "the folder cannot be opened (\(reason)), so its files are not in the build; "
                        + "let melshard read it to use them"))
        }
        for escaped in walk.nonUTF8Files {
            rejects.append(
                Reject(
                    corpus: corpus, path: folder.isEmpty ? escaped : folder + "/" + escaped, stage: .ingest,
                    code: "non-utf8-path",
                    reason: "the path is not UTF-8 (each bad byte is shown as \\xNN), so it cannot be named in "
                        + "the index; rename it in UTF-8 to use it"))
        }
        return walk.files.map { folder.isEmpty ? $0 : folder + "/" + $0 }
    }

    /// Reads a manifest the reader cannot do without; its absence stops the build.
    public func requiredManifest(_ given: String, hint: String) throws(CorpusError) -> ManifestFile {
        let absolute = resolve(given)
        guard let manifest = ManifestFile(absolutePath: absolute, displayPath: display(absolute), corpus: corpus) else {
            throw CorpusError(corpus: corpus, path: absolute, reason: "cannot be read", hint: hint)
        }
        return manifest
    }

    /// Reads a manifest that may be absent (a split list, an annotation file).
    public func optionalManifest(_ given: String) -> ManifestFile? {
        let absolute = resolve(given)
        return ManifestFile(absolutePath: absolute, displayPath: display(absolute), corpus: corpus)
    }
}
