/// A GTZAN clip's name, `<genre>.<5 digits>` with an optional `.au` or `.wav`.
///
/// Every clip is keyed by its stem because the same 1000 clips circulate under both
/// extensions: the Marsyas archive ships Sun `.au`, Kaggle's copy and the dnn-mgr split lists
/// say `.wav`, the jordipons lists say `.au`, and torchaudio's lists name bare stems.
struct GTZANClipName: Sendable, Hashable {
    enum Format: String, Sendable, Hashable {
        case au, wav
    }

    var genre: String
    /// `blues.00029`: the clip's key, its group, and what split lists are matched on.
    var stem: String
    /// Nil for a bare stem (a split-list line may name one).
    var format: Format?

    /// Nil unless `name` (a file name, no folders) has exactly the clip form. The extension is
    /// compared case-insensitively; the genre and digits are not, since they must equal the
    /// genre folder's name.
    init?(_ name: String, allowBareStem: Bool = false) {
        var parts = name.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 3 {
            guard let format = Format(rawValue: parts[2].lowercased()) else { return nil }
            self.format = format
            parts.removeLast()
        } else if parts.count == 2 && allowBareStem {
            format = nil
        } else {
            return nil
        }
        guard !parts[0].isEmpty, parts[1].count == 5, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        genre = String(parts[0])
        stem = "\(parts[0]).\(parts[1])"
    }
}
