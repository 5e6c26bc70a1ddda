/// The labels an MTG-Jamendo corpus keeps after `min_tracks_per_tag` and `top_tags`.
///
/// Counts are over distinct tracks of the manifest whose rows parsed, before any audio is looked
/// at, so the vocabulary is a property of the metadata (it matches the repository's
/// `stats/*/genre.tsv` `tracks` column) and does not move when a file goes missing.
struct JamendoTagVocabulary {
    var kept: Set<String> = []
    /// Why each dropped label was dropped, for the rejects of tracks left with no label.
    var dropped: [String: String] = [:]

    /// - Parameters:
    ///   - tracks: each track's id and labels (a track listed twice counts once).
    ///   - minTracks: labels on fewer tracks are dropped.
    ///   - top: then only the `top` labels with the most tracks are kept, ties by name; nil keeps all.
    init(_ tracks: [(id: String, labels: [String])], minTracks: Int, top: Int?) {
        var tracksOfLabel: [String: Set<String>] = [:]
        for track in tracks {
            for label in track.labels { tracksOfLabel[label, default: []].insert(track.id) }
        }
        let ranked = tracksOfLabel.mapValues(\.count).sorted {
            $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
        }
        var rank = 0
        for (label, count) in ranked {
            if count < minTracks {
                dropped[label] = "\(label) is on \(count) track(s), fewer than min_tracks_per_tag = \(minTracks)"
                continue
            }
            rank += 1
            if let top, rank > top {
                dropped[label] = "\(label) ranks \(rank) by track count (\(count)), beyond top_tags = \(top)"
                continue
            }
            kept.insert(label)
        }
    }
}
