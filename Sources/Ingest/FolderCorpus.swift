import Foundation
import MelshardCore
import Recipe

/// The `folder` corpus: `ROOT/LABEL/**/file.ext`, one class per top-level sub-folder.
public enum FolderCorpus {
    public static func scan(_ spec: CorpusSpec) -> CorpusScan {
        var scan = CorpusScan(candidates: [], rejects: [], ignoredFiles: 0)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: spec.root, isDirectory: &isDirectory), isDirectory.boolValue else {
            scan.rejects.append(Reject(corpus: spec.name, path: spec.root, stage: .ingest, code: "missing-corpus-root",
                                       reason: "the corpus root is not a folder"))
            return scan
        }
        let realRoot = URL(fileURLWithPath: spec.root).resolvingSymlinksInPath().path
        let extensions = Set(spec.extensions)
        var paths: [(relative: String, isLink: Bool)] = []
        // `subpaths` follows no symlinked folders, which keeps a loop of links from hanging the scan.
        // One lstat per entry: folders are skipped, files and links kept.
        for relative in (fm.subpaths(atPath: spec.root) ?? []) {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var info = stat()
            guard lstat(spec.root + "/" + relative, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { continue }
            paths.append((relative, type == S_IFLNK))
        }
        var resolvedFolders: [String: String] = [:]
        for (relative, isLink) in paths.sorted(by: { $0.relative < $1.relative }) {
            let absolute = spec.root + "/" + relative
            let ext = (relative as NSString).pathExtension.lowercased()
            guard extensions.contains(ext) else {
                scan.ignoredFiles += 1
                continue
            }
            func reject(_ code: String, _ reason: String) {
                scan.rejects.append(Reject(corpus: spec.name, path: relative, stage: .ingest, code: code, reason: reason))
            }
            // Folders are resolved once each, and a file only when it is itself a link: resolving
            // every path was a tenth of a no-op build of 10,000 sources.
            let parent = (relative as NSString).deletingLastPathComponent
            let folder = resolvedFolders[parent] ?? URL(fileURLWithPath: spec.root + "/" + parent).resolvingSymlinksInPath().path
            resolvedFolders[parent] = folder
            let resolved = isLink ? URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
                                               : folder + "/" + (relative as NSString).lastPathComponent
            guard resolved.hasPrefix(realRoot + "/") else {
                reject("path-escapes-root", "resolves to \(resolved), outside the corpus root \(realRoot)")
                continue
            }
            let components = relative.split(separator: "/").map(String.init)
            guard components.count >= 2 else {
                reject("no-label-folder", "a file directly in the corpus root has no class; put it in ROOT/LABEL/")
                continue
            }
            guard let status = DurableFile.status(absolute) else {
                reject("missing-file", "no such file (a dangling symbolic link?)")
                continue
            }
            let group = switch spec.groupBy {
            case .file: relative
            case .folder: components.dropLast().joined(separator: "/")
            }
            scan.candidates.append(SourceCandidate(
                corpus: spec.name, path: relative, absolutePath: absolute, size: status.size,
                mtimeNanoseconds: status.mtimeNanoseconds, labels: [components[0]], group: group))
        }
        return scan
    }
}
