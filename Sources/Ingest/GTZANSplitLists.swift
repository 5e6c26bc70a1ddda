import Foundation
import MelshardCore

/// The fault-filtered, artist-conscious split of Kereliuk, Sturm and Larsen (2015):
/// `train_filtered.txt`, `valid_filtered.txt` and `test_filtered.txt`, one clip per line.
///
/// Lines are matched by stem, so a `.wav` list works over `.au` files and back, and only the
/// last two path components count (`blues/blues.00029.wav`, `genres/blues/blues.00029.au`, or
/// torchaudio's bare `blues.00029`).
struct GTZANSplitLists {
    struct Entry: Sendable {
        var clip: GTZANClipName
        /// The line as written (trimmed), for messages.
        var text: String
        var split: String
        var origin: ManifestOrigin
    }

    static let files = [
        ("train", "train_filtered.txt"), ("validation", "valid_filtered.txt"), ("test", "test_filtered.txt"),
    ]

    /// Usable lines in list then line order. A stem listed twice in one list appears twice, so
    /// the generic duplicate-row check names the first line.
    private(set) var entries: [Entry] = []
    /// Every stem some list names, usable or not: such a clip is not "left out by the filter".
    private(set) var listed: Set<String> = []
    private(set) var rejects: [Reject] = []
    /// Relative to the root, when the lists are inside it: read, so not counted as ignored.
    private(set) var readFiles: Set<PathKey> = []

    /// All three lists must exist: a build from two of them would quietly drop a split.
    init(folder: String, root: CorpusRoot) throws(CorpusError) {
        var found: [Entry] = []
        for (split, name) in Self.files {
            let manifest = try root.requiredManifest(
                folder + "/" + name,
                hint:
                    "split_lists must name the folder holding train_filtered.txt, valid_filtered.txt and test_filtered.txt"
            )
            readFiles.insert(PathKey(manifest.displayPath))
            rejects += manifest.rejects
            for line in manifest.lines {
                let text = line.text.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                guard let clip = Self.parse(text) else {
                    rejects.append(
                        manifest.reject(
                            line, corpus: root.corpus, code: "malformed-row",
                            "'\(text)' is not a GTZAN clip; expected <genre>/<genre>.<5 digits>.wav (or .au, or a bare stem)"
                        ))
                    continue
                }
                listed.insert(clip.stem)
                found.append(Entry(clip: clip, text: text, split: split, origin: manifest.origin(line)))
            }
        }
        // A clip in two lists has no split we could defend picking, so every line naming it goes.
        var splits: [String: Set<String>] = [:]
        for entry in found { splits[entry.clip.stem, default: []].insert(entry.split) }
        for entry in found {
            guard splits[entry.clip.stem, default: []].count > 1 else {
                entries.append(entry)
                continue
            }
            let elsewhere = found.filter { $0.clip.stem == entry.clip.stem && $0.split != entry.split }.map(
                \.origin.description)
            rejects.append(
                Reject(
                    corpus: root.corpus, path: entry.origin.manifest, line: entry.origin.line, stage: .ingest,
                    code: "conflicting-split",
                    reason:
                        "\(entry.clip.stem) is also listed at \(elsewhere.joined(separator: ", ")); a clip belongs to one split, so it is not used"
                ))
        }
    }

    /// `…/<genre>/<genre>.NNNNN[.au|.wav]`, the folder (when given) agreeing with the name.
    private static func parse(_ text: String) -> GTZANClipName? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard let clip = GTZANClipName(String(parts[parts.count - 1]), allowBareStem: true) else { return nil }
        if parts.count >= 2 && parts[parts.count - 2] != clip.genre { return nil }
        return clip
    }
}
