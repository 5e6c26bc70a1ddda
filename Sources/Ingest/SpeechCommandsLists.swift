import Foundation
import MelshardCore

/// `validation_list.txt` and `testing_list.txt`: the clips of those two sets, by path relative
/// to the corpus root; a word clip in neither list is training data.
struct SpeechCommandsLists {
    static let validation = "validation_list.txt"
    static let testing = "testing_list.txt"

    private(set) var splits: [PathKey: (split: String, origin: ManifestOrigin)] = [:]
    private(set) var rejects: [Reject] = []

    /// - Parameter base: the folder the lists sit in and their paths start from, relative to the
    ///   root ("" unless the corpus is nested, as Keras unpacks mini_speech_commands).
    init(validation: ManifestFile, testing: ManifestFile, base: String, root: CorpusRoot) {
        for (manifest, split) in [(validation, "validation"), (testing, "test")] {
            rejects += manifest.rejects
            for line in manifest.lines {
                let entry = line.text.trimmingCharacters(in: .whitespaces)
                if entry.isEmpty { continue }
                let origin = manifest.origin(line)
                // locate normalises `./right/x.wav` and `right//x.wav` as os.path.normpath does,
                // so the key matches the path the folder walk finds.
                switch root.locate(base.isEmpty ? entry : base + "/" + entry, origin: origin) {
                case .failure(let reject):
                    rejects.append(reject)
                case .success(let file):
                    if let first = splits[PathKey(file.relative)] {
                        let reason =
                            first.split == split
                            ? "\(entry) is listed again (first at \(first.origin)); this line is ignored"
                            : "\(entry) is also in the \(first.split) list (\(first.origin)); the first list read wins, so it stays in \(first.split)"
                        rejects.append(
                            Reject(
                                corpus: root.corpus, path: origin.manifest, line: origin.line, stage: .ingest,
                                code: first.split == split ? "duplicate-row" : "conflicting-split", reason: reason,
                                kept: first.split != split))
                    } else {
                        splits[PathKey(file.relative)] = (split, origin)
                    }
                }
            }
        }
    }
}
