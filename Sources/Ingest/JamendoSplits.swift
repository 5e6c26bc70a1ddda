import Foundation
import MelshardCore

/// One of the five official MTG-Jamendo splits: which part each track is in.
///
/// `data/splits/split-N/<manifest stem>-{train,validation,test}.tsv` hold whole artists per part
/// (scripts/data_split.py). They are a little smaller than the manifests (tags missing from a
/// part were dropped, with their tracks), so a track in no split file simply has no official split.
struct JamendoSplits {
    static let parts = ["train", "validation", "test"]

    /// Track id to part name.
    var partOfTrack: [String: String] = [:]
    /// Bad rows in the split files, and tracks listed in two parts (kept, with no official split).
    var rejects: [Reject] = []

    /// - Parameters:
    ///   - number: 0…4.
    ///   - manifest: the manifest option as given; its folder holds `splits/` and its file name
    ///     (before any materialised link is followed) names the split files.
    /// - Throws: `CorpusError` when a split file is missing: the recipe asked for the official
    ///   split, and building without it would silently give every track none.
    init(number: Int, manifest: String, root: CorpusRoot) throws(CorpusError) {
        let folder = (manifest as NSString).deletingLastPathComponent
        let stem = ((manifest as NSString).lastPathComponent as NSString).deletingPathExtension
        var firstListing: [String: (part: String, at: ManifestOrigin)] = [:]
        var conflicted: Set<String> = []
        for part in Self.parts {
            let path = (folder as NSString).appendingPathComponent("splits/split-\(number)/\(stem)-\(part).tsv")
            let split = try JamendoManifest.read(
                path, root: root,
                hint: "official_split = \(number) reads the metadata repository's data/splits/; "
                    + "copy it next to the manifest or leave official_split out")
            rejects += split.rejects
            for row in split.rows {
                let origin = split.file.origin(row.line)
                if let earlier = firstListing[row.trackID] {
                    guard earlier.part != part, !conflicted.contains(row.trackID) else { continue }
                    conflicted.insert(row.trackID)
                    rejects.append(
                        Reject(
                            corpus: root.corpus, path: origin.manifest, line: origin.line, stage: .ingest,
                            code: "conflicting-split",
                            reason: "\(row.trackID) is in \(part) here and in \(earlier.part) at \(earlier.at); "
                                + "the track is kept with no official split", kept: true))
                    continue
                }
                firstListing[row.trackID] = (part, origin)
            }
        }
        for (track, listing) in firstListing where !conflicted.contains(track) { partOfTrack[track] = listing.part }
    }
}
