import Foundation
import MelshardCore
import Recipe

/// The `folder` corpus: `ROOT/LABEL/**/file.ext`, one class per top-level sub-folder.
enum FolderCorpus {
    static func scan(_ spec: CorpusSpec, root: CorpusRoot) -> CorpusScan {
        var scan = CorpusScan()
        let extensions = Set(spec.extensions)
        for relative in root.files(rejects: &scan.rejects) {
            guard extensions.contains((relative as NSString).pathExtension.lowercased()) else {
                scan.ignoredFiles += 1
                continue
            }
            let components = relative.split(separator: "/").map(String.init)
            guard components.count >= 2 else {
                scan.rejects.append(
                    Reject(
                        corpus: spec.name, path: relative, stage: .ingest, code: "no-label-folder",
                        reason: "a file directly in the corpus root has no class; put it in ROOT/LABEL/"))
                continue
            }
            let group =
                switch spec.groupBy {
                case .file: relative
                case .folder: components.dropLast().joined(separator: "/")
                }
            scan.add(root.candidate(relative, labels: [components[0]], group: group))
        }
        return scan
    }
}
