import MelshardCore

/// One data row of an MTG-Jamendo TSV (a manifest or a split file).
///
/// The header names six columns but `TAGS` is not one field: each row has five fixed fields and
/// then one field per tag (`commons.read_file` takes `row[5:]`). pandas cannot read that shape
/// and the usual `on_bad_lines='skip'` drops every track with two or more tags, so rows are split
/// on tab here and the tail is kept whole.
struct JamendoRow: Sendable, Hashable {
    /// The header of every MTG-Jamendo TSV, verbatim.
    static let header = ["TRACK_ID", "ARTIST_ID", "ALBUM_ID", "PATH", "DURATION", "TAGS"]

    var line: ManifestFile.Line
    /// As in the file: `track_0000241`.
    var trackID: String
    /// The number in the track id without its zero padding: 241.
    var trackNumber: Int
    var artistID: String
    var albumID: String
    /// Relative to the audio folder: `41/241.mp3`.
    var path: String
    /// Seconds, as in the file (`340.1`), so the attribute keeps the corpus's own spelling.
    var duration: String
    var tags: [JamendoTag]

    /// The row, or the reject naming its line: every field is checked, because a row that
    /// half-parses would give a track the wrong labels or the wrong file.
    static func parse(
        _ line: ManifestFile.Line, in manifest: ManifestFile, corpus: String
    ) -> Result<JamendoRow, Reject> {
        func reject(_ code: String, _ reason: String) -> Result<JamendoRow, Reject> {
            .failure(manifest.reject(line, corpus: corpus, code: code, reason))
        }
        let fields = line.fields()
        guard fields.count >= 6 else {
            return reject(
                "wrong-field-count",
                "\(fields.count) tab-separated field(s); expected TRACK_ID, ARTIST_ID, ALBUM_ID, PATH, "
                    + "DURATION and at least one tag")
        }
        for (i, name) in header.prefix(4).enumerated() where fields[i].isEmpty {
            return reject("empty-field", "\(name) is empty")
        }
        let digits = fields[0].dropFirst(6)
        guard fields[0].hasPrefix("track_"), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let number = Int(digits)
        else {
            return reject("bad-track-id", "TRACK_ID '\(fields[0])' is not track_ followed by digits")
        }
        guard let seconds = Double(fields[4]), seconds.isFinite, seconds >= 0 else {
            return reject("bad-duration", "DURATION '\(fields[4])' is not a number of seconds")
        }
        var tags: [JamendoTag] = []
        for (i, field) in fields.dropFirst(5).enumerated() {
            guard let tag = JamendoTag(field) else {
                return reject("bad-tag", "tag \(i + 1) '\(field)' is not of the form category---tag")
            }
            if !tags.contains(tag) { tags.append(tag) }
        }
        return .success(
            JamendoRow(
                line: line, trackID: fields[0], trackNumber: number, artistID: fields[1], albumID: fields[2],
                path: fields[3], duration: fields[4], tags: tags))
    }
}

/// A tag as MTG-Jamendo writes it: `genre---rock`, `mood/theme---happy`.
struct JamendoTag: Sendable, Hashable {
    /// `genre`, `instrument` or `mood/theme` in the released files; the category itself may hold a `/`.
    var category: String
    var name: String

    /// The tag as the file spells it.
    var full: String { category + "---" + name }

    /// Nil unless `field` is a non-empty category, three hyphens and a non-empty tag.
    init?(_ field: String) {
        guard let separator = field.range(of: "---") else { return nil }
        category = String(field[..<separator.lowerBound])
        name = String(field[separator.upperBound...])
        if category.isEmpty || name.isEmpty { return nil }
    }
}
