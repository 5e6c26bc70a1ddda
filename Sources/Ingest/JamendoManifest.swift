import Foundation
import MelshardCore

/// An MTG-Jamendo TSV with its header checked and its rows parsed.
///
/// `data/autotagging.tsv` is a git symbolic link to `raw_30s_cleantags_50artists.tsv`. Where
/// links are not materialised (git on Windows, some archive extractors) it arrives as a tiny
/// text file holding only the target's name; reading that as a TSV would fail on its "header",
/// so such a file is followed to the TSV it names, relative to its own folder.
struct JamendoManifest {
    /// The TSV actually read (the link's target when the named file was a materialised link).
    var file: ManifestFile
    var rows: [JamendoRow]
    /// Rows that did not parse, and lines that were not UTF-8.
    var rejects: [Reject]

    /// A chain of materialised links longer than this is a loop or a mistake.
    static let maximumLinks = 8

    /// - Parameters:
    ///   - given: the option's path, relative to the corpus root or absolute.
    ///   - hint: what to tell the user when the file cannot be read.
    /// - Throws: `CorpusError` when the file (or a link's target) cannot be read, or its first
    ///   line is not the MTG-Jamendo header.
    static func read(_ given: String, root: CorpusRoot, hint: String) throws(CorpusError) -> JamendoManifest {
        var file = try root.requiredManifest(given, hint: hint)
        var followed: [String] = []
        while let target = materialisedLinkTarget(file) {
            followed.append(file.displayPath)
            guard followed.count <= maximumLinks else {
                throw CorpusError(
                    corpus: root.corpus, path: root.resolve(given),
                    reason:
                        "leads through more than \(maximumLinks) materialised links (\(followed.joined(separator: " -> ")))",
                    hint: "point `manifest` at the .tsv itself")
            }
            let folder = (file.absolutePath as NSString).deletingLastPathComponent
            let absolute = URL(fileURLWithPath: target.hasPrefix("/") ? target : folder + "/" + target)
                .standardizedFileURL.path
            file = try root.requiredManifest(
                absolute,
                hint: "\(file.displayPath) is a materialised symbolic link naming '\(target)', "
                    + "which cannot be read; restore the TSV or point `manifest` at it")
        }
        try checkHeader(file, corpus: root.corpus)
        var rows: [JamendoRow] = []
        var rejects = file.rejects
        for line in file.lines.dropFirst() where !line.text.isEmpty {
            switch JamendoRow.parse(line, in: file, corpus: root.corpus) {
            case .success(let row): rows.append(row)
            case .failure(let reject): rejects.append(reject)
            }
        }
        return JamendoManifest(file: file, rows: rows, rejects: rejects)
    }

    /// The file name a materialised link holds: one line, no tab, naming a `.tsv`.
    static func materialisedLinkTarget(_ file: ManifestFile) -> String? {
        let lines = file.lines.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
        guard file.rejects.isEmpty, lines.count == 1 else { return nil }
        let text = lines[0].text.trimmingCharacters(in: .whitespaces)
        guard !text.contains("\t"), text.hasSuffix(".tsv") else { return nil }
        return text
    }

    /// A wrong first line means a wrong file (raw.meta.tsv, a tag list), not a bad row: every
    /// row after it would be rejected, so the build stops and says which file it read.
    static func checkHeader(_ file: ManifestFile, corpus: String) throws(CorpusError) {
        guard let first = file.lines.first, first.number == 1 else {
            let reason = file.missingFirstLine("first line")
            throw CorpusError(
                corpus: corpus, path: file.absolutePath, reason: reason,
                hint: "expected the MTG-Jamendo header \(JamendoRow.header.joined(separator: " "))")
        }
        guard first.fields() == JamendoRow.header else {
            throw CorpusError(
                corpus: corpus, path: file.absolutePath,
                reason:
                    "starts with '\(first.text.replacingOccurrences(of: "\t", with: " "))', not the MTG-Jamendo header",
                hint:
                    "expected \(JamendoRow.header.joined(separator: " ")) (tab-separated); is `manifest` an autotagging*.tsv or raw*.tsv?"
            )
        }
    }
}
