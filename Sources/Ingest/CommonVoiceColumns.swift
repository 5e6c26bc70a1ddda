/// Where each field sits in a Common Voice clip TSV, read from its header.
///
/// The header changed from release to release (8 columns in v1–v4, 10 in v5–v12, 11 in
/// v13–v16, 13 since v17; `accent` became `accents`; 5.0 shipped a wrong order), so fields are
/// found by name, never by position and never by version number.
struct CommonVoiceColumns: Sendable {
    /// Attribute keys and the header names that fill them, the first found wins. Both spellings
    /// of the accent column land in `accents`, so queries need not know the release.
    static let attributeColumns: [(key: String, names: [String])] = [
        ("sentence", ["sentence"]), ("client_id", ["client_id"]), ("sentence_id", ["sentence_id"]),
        ("sentence_domain", ["sentence_domain"]), ("age", ["age"]), ("gender", ["gender"]),
        ("accents", ["accents", "accent"]), ("variant", ["variant"]), ("locale", ["locale"]),
        ("up_votes", ["up_votes"]), ("down_votes", ["down_votes"]),
    ]

    /// Fields every row has.
    var count: Int
    var clientID: Int
    var path: Int
    /// The `label_column`'s position, when the recipe names one.
    var label: Int?
    var attributes: [(key: String, index: Int)]

    /// - Throws: `CorpusError` when the header lacks `client_id` or `path` (not a clip TSV) or
    ///   the recipe's `label_column`: every row would fail the same way.
    init(header: [String], file: String, corpus: String, labelColumn: String?) throws(CorpusError) {
        func index(_ names: [String]) -> Int? { names.lazy.compactMap { header.firstIndex(of: $0) }.first }
        let shown = header.joined(separator: " ")
        guard let clientID = index(["client_id"]), let path = index(["path"]) else {
            throw CorpusError(
                corpus: corpus, path: file, reason: "has no client_id and path columns (header: \(shown))",
                hint: "expected a Common Voice clip TSV such as train.tsv or validated.tsv")
        }
        count = header.count
        self.clientID = clientID
        self.path = path
        if let labelColumn {
            let names =
                ["accent", "accents"].contains(labelColumn)
                ? [labelColumn, labelColumn == "accent" ? "accents" : "accent"] : [labelColumn]
            guard let found = index(names) else {
                throw CorpusError(
                    corpus: corpus, path: file, reason: "has no column '\(labelColumn)' (header: \(shown))",
                    hint: "set label_column to one of these columns, or leave it out")
            }
            label = found
        }
        attributes = Self.attributeColumns.compactMap { column in index(column.names).map { (column.key, $0) } }
    }
}
