import Foundation
import MelshardCore
import Recipe

/// `kind = "ballroom"`: `BallroomData/<Class>/<name>.wav`, listed in `allBallroomFiles`, as
/// `data1.tar.gz` unpacks; docs/corpora/ballroom.md.
enum BallroomCorpus {
    static let listName = "allBallroomFiles"

    static func scan(_ options: BallroomOptions, root: CorpusRoot) throws(CorpusError) -> CorpusScan {
        let nested = CorpusRoot.isFolder(root.path + "/BallroomData")
        let prefix = nested ? "BallroomData/" : ""
        var tempo: BallroomTempo?
        if let folder = options.tempoAnnotations { tempo = try BallroomTempo(folder: folder, root: root) }
        var walkRejects: [Reject] = []
        let files = root.files(rejects: &walkRejects)
        let list = root.optionalManifest(prefix + listName)
        let walked = files.filter {
            isAudio($0) && $0.hasPrefix(prefix) && $0.dropFirst(prefix.count).split(separator: "/").count == 2
        }
        guard list != nil || !walked.isEmpty else {
            throw CorpusError(
                corpus: root.corpus, path: root.path,
                reason:
                    "holds neither \(prefix)\(listName) nor a class folder of .wav files (BallroomData/<Class>/<name>.wav)",
                hint: "point root (or --corpus \(root.corpus)=PATH) at BallroomData/ or the folder holding it")
        }

        var scan = CorpusScan(rejects: walkRejects + (list?.rejects ?? []))
        var used: Set<PathKey> = []
        func add(_ relative: String, origin: ManifestOrigin?) {
            let inside = relative.dropFirst(prefix.count).split(separator: "/").map(String.init)
            let folder = inside[0]
            let name = String(inside[1].dropLast(".wav".count))
            let label = options.mergeRumba && folder.hasPrefix("Rumba-") ? "Rumba" : folder
            var result = root.candidate(
                relative, origin: origin, labels: [label], group: BallroomReplicas.group(of: name),
                attributes: ["folder": folder])
            // A bad annotation costs the tempo, never the audio. A repeated row is dropped after
            // the scan, so its tempo is read (and reported) once.
            if case .success(var candidate) = result, let tempo, !used.contains(PathKey(relative)) {
                switch tempo.read(name) {
                case .none: break
                case .bpm(let value): candidate.attributes["tempo_bpm"] = value
                case .unusable(let file, let reason):
                    scan.rejects.append(
                        Reject(
                            corpus: root.corpus, path: candidate.path, stage: .ingest, code: "bad-tempo-annotation",
                            reason: "\(file) \(reason); the audio is kept without tempo_bpm", kept: true))
                }
                used.insert(PathKey(root.display(tempo.file(name))))
                result = .success(candidate)
            }
            used.insert(PathKey(relative))
            scan.add(result)
        }

        if let list {
            used.insert(PathKey(list.displayPath))
            for line in list.lines {
                var text = line.text.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                if text.hasPrefix("./") { text.removeFirst(2) }
                let parts = text.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty, parts[0] != ".", parts[0] != "..", isAudio(String(parts[1])),
                    parts[1].count > 4
                else {
                    scan.rejects.append(
                        list.reject(
                            line, corpus: root.corpus, code: "malformed-row",
                            "'\(line.text)' is not a Ballroom file; expected ./<Class>/<name>.wav"))
                    continue
                }
                add(prefix + text, origin: list.origin(line))
            }
        } else {
            for relative in walked { add(relative, origin: nil) }
        }

        for relative in files where !used.contains(PathKey(relative)) {
            guard isAudio(relative), relative.hasPrefix(prefix) else {
                scan.ignoredFiles += 1
                continue
            }
            let depth = relative.dropFirst(prefix.count).split(separator: "/").count
            let (code, reason) =
                if list != nil {
                    ("not-in-file-list", "\(listName) does not list it, and the list defines the corpus; not used")
                } else if depth == 1 {
                    (
                        "no-label-folder",
                        "directly in the corpus folder, outside any class folder, so it has no class; not used"
                    )
                } else {
                    (
                        "nested-clip",
                        "in a sub-folder of a class folder; Ballroom files sit directly in <Class>/; not used"
                    )
                }
            scan.rejects.append(Reject(corpus: root.corpus, path: relative, stage: .ingest, code: code, reason: reason))
        }
        return scan
    }

    private static func isAudio(_ path: String) -> Bool { (path as NSString).pathExtension.lowercased() == "wav" }
}
