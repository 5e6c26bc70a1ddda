import Foundation

/// The tempo ground truth of `data2.tar.gz` (`BallroomAnnotations/ballroomGroundTruth/`): a flat
/// folder of `<name>.bpm`, each holding one number such as `84`.
struct BallroomTempo {
    enum Reading: Equatable {
        case none
        /// The number as written (trimmed), so the attribute is the annotation, not a reprint of it.
        case bpm(String)
        /// Why the file is not a tempo.
        case unusable(file: String, reason: String)
    }

    let folder: String
    let root: CorpusRoot

    /// A missing folder stops the build: the recipe asked for tempo, and a mistyped path would
    /// otherwise give a dataset with none.
    init(folder given: String, root: CorpusRoot) throws(CorpusError) {
        folder = root.resolve(given)
        self.root = root
        guard CorpusRoot.isFolder(folder) else {
            throw CorpusError(
                corpus: root.corpus, path: folder, reason: "is not a folder (tempo_annotations)",
                hint:
                    "name the folder of <name>.bpm files (BallroomAnnotations/ballroomGroundTruth from data2.tar.gz), or leave the key out"
            )
        }
    }

    /// The absolute path of `name`'s annotation.
    func file(_ name: String) -> String { folder + "/" + name + ".bpm" }

    /// As mirdata reads it: the first comma-separated field of the first non-blank line, a float.
    func read(_ name: String) -> Reading {
        let path = file(name)
        guard FileManager.default.fileExists(atPath: path) else { return .none }
        let shown = root.display(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            return .unusable(file: shown, reason: "cannot be read")
        }
        let bytes = [UInt8](data)
        guard
            let text = String(
                validating: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...], as: UTF8.self)
        else {
            return .unusable(file: shown, reason: "is not UTF-8 text")
        }
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.first {
            !$0.isEmpty
        }
        guard let line else { return .unusable(file: shown, reason: "is empty") }
        let field = String(line.prefix { $0 != "," }).trimmingCharacters(in: .whitespaces)
        guard let value = Double(field), value.isFinite, value > 0 else {
            return .unusable(file: shown, reason: "'\(field)' is not a tempo in BPM (a positive number)")
        }
        return .bpm(field)
    }
}
