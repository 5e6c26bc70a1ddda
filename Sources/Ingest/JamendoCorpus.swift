import Foundation
import MelshardCore
import Recipe

/// The `mtg-jamendo` corpus: a metadata TSV of the MTG-Jamendo repository (`data/`) and the
/// unpacked audio tars (`NN/ID.mp3` or `NN/ID.low.mp3`). docs/corpora/mtg-jamendo.md describes
/// the layout, the options and every reject.
///
/// Every track the manifest lists ends as a candidate or a reject: a track with no tag of the
/// selected categories, or whose tags were all pruned, is a reject rather than a silent drop, so
/// a researcher can count how many tracks the label choice cost.
enum JamendoCorpus {
    static func scan(_ options: JamendoOptions, root: CorpusRoot) throws(CorpusError) -> CorpusScan {
        let manifest = try JamendoManifest.read(
            options.manifest, root: root,
            hint: "set `manifest` to a TSV of the metadata repository's data/ folder, e.g. data/autotagging.tsv")
        let splits: JamendoSplits? =
            if let number = options.officialSplit {
                try JamendoSplits(number: number, manifest: options.manifest, root: root)
            } else {
                nil
            }
        var scan = CorpusScan(rejects: manifest.rejects + (splits?.rejects ?? []))

        let selected = Set(options.categories.map(\.rawValue))
        // With one category the prefix says nothing; with several it keeps `genre---rock` apart
        // from a hypothetical `mood/theme---rock`.
        let bare = selected.count == 1
        var labelled: [(row: JamendoRow, labels: [String])] = []
        for row in manifest.rows {
            let labels = Set(row.tags.filter { selected.contains($0.category) }.map { bare ? $0.name : $0.full })
                .sorted()
            guard !labels.isEmpty else {
                scan.rejects.append(
                    manifest.file.reject(
                        row.line, corpus: root.corpus, code: "no-selected-tag",
                        "\(row.trackID) has no tag of \(options.categories.map(\.rawValue).joined(separator: ", ")) "
                            + "(its tags: \(row.tags.map(\.full).joined(separator: " ")))"))
                continue
            }
            labelled.append((row, labels))
        }

        let vocabulary = JamendoTagVocabulary(
            labelled.map { ($0.row.trackID, $0.labels) }, minTracks: options.minTracksPerTag,
            top: options.topTags)
        for (row, labels) in labelled {
            let kept = labels.filter(vocabulary.kept.contains)
            guard !kept.isEmpty else {
                scan.rejects.append(
                    manifest.file.reject(
                        row.line, corpus: root.corpus, code: "no-kept-tag",
                        "\(row.trackID) has no tag left: "
                            + labels.compactMap { vocabulary.dropped[$0] }.joined(separator: "; ")))
                continue
            }
            let attributes: SourceAttributes = [
                "track_id": row.trackID, "artist_id": row.artistID, "album_id": row.albumID, "duration": row.duration,
            ]
            scan.add(
                root.candidate(
                    audioPath(row, options), origin: manifest.file.origin(row.line), labels: kept, group: row.artistID,
                    officialSplit: splits?.partOfTrack[row.trackID], attributes: attributes))
        }
        return scan
    }

    /// The row's audio file relative to the corpus root.
    ///
    /// PATH always says `NN/ID.mp3`, whichever variant was downloaded; the low-quality tars hold
    /// `NN/ID.low.mp3`, so `audio = "low"` rewrites the suffix.
    static func audioPath(_ row: JamendoRow, _ options: JamendoOptions) -> String {
        let relative: String
        switch options.audio {
        case "full":
            relative = row.path
        case "low":
            let stem =
                row.path.hasSuffix(".low.mp3")
                ? String(row.path.dropLast(8)) : row.path.hasSuffix(".mp3") ? String(row.path.dropLast(4)) : row.path
            relative = stem + ".low.mp3"
        default:
            let folder =
                row.path.contains("/")
                ? (row.path as NSString).deletingLastPathComponent
                : String(format: "%02d", row.trackNumber % 100)
            relative = options.audio.replacingOccurrences(of: "{path}", with: row.path)
                .replacingOccurrences(of: "{folder}", with: folder)
                .replacingOccurrences(of: "{id}", with: String(row.trackNumber))
        }
        var base = Substring(options.audioRoot)
        while base.hasSuffix("/") { base = base.dropLast() }
        return base.isEmpty || base == "." ? relative : base + "/" + relative
    }
}
