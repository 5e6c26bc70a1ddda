/// `kind = "mtg-jamendo"`: the metadata repository's TSVs and the unpacked audio tars.
public struct JamendoOptions: Sendable, Equatable, Encodable {
    public enum Category: String, Sendable, Equatable, Encodable, CaseIterable {
        case genre, instrument
        case moodTheme = "mood/theme"
    }

    /// An `autotagging*.tsv` or `raw*.tsv`, relative to the root or absolute.
    public var manifest: String
    /// The folder holding `00/` … `99/`, relative to the root (audio outside the root is refused).
    public var audioRoot: String
    /// `full` (`NN/ID.mp3`), `low` (`NN/ID.low.mp3`), or a template using `{path}` (the TSV's
    /// PATH), `{folder}` (`NN`) and `{id}` (the numeric track id).
    public var audio: String
    public var categories: [Category]
    /// Which of the official `split-0` … `split-4` to take train/validation/test from; nil for none.
    public var officialSplit: Int?
    /// Tags on fewer tracks are dropped from the tracks' labels.
    public var minTracksPerTag: Int
    /// Only the K most frequent tags (after `min_tracks_per_tag`) are kept; nil keeps all.
    public var topTags: Int?

    public init(
        manifest: String = "data/autotagging.tsv", audioRoot: String = ".", audio: String = "full",
        categories: [Category] = [.genre], officialSplit: Int? = nil, minTracksPerTag: Int = 0, topTags: Int? = nil
    ) {
        self.manifest = manifest
        self.audioRoot = audioRoot
        self.audio = audio
        self.categories = categories
        self.officialSplit = officialSplit
        self.minTracksPerTag = minTracksPerTag
        self.topTags = topTags
    }

    init(reading r: inout TableReader) {
        self.init()
        manifest = r.string("manifest") ?? manifest
        audioRoot = r.string("audio_root") ?? audioRoot
        if audioRoot.hasPrefix("/") || audioRoot.split(separator: "/").contains("..") {
            r.problem(
                "audio_root",
                "'\(audioRoot)' leaves the corpus root; give a folder inside it (audio outside the root is refused)")
        }
        audio = r.string("audio") ?? audio
        if !["full", "low"].contains(audio) {
            let unknown = Self.placeholders(in: audio).filter { !["{path}", "{folder}", "{id}"].contains($0) }
            if Self.placeholders(in: audio).isEmpty || !unknown.isEmpty {
                r.problem(
                    "audio",
                    "'\(audio)' is not allowed; expected \"full\", \"low\" or a template using {path}, {folder} or {id}"
                )
            }
        }
        categories = r.choices("categories", Category.self, emptyMeans: "selects no tag") ?? categories
        officialSplit = r.integer("official_split", in: 0...4)
        minTracksPerTag = r.integer("min_tracks_per_tag", in: 0...1_000_000) ?? minTracksPerTag
        topTags = r.integer("top_tags", in: 1...100_000)
    }

    /// Every `{…}` in a template, braces included; a `{` never closed counts as unknown.
    static func placeholders(in template: String) -> [String] {
        var found: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { return found + [String(rest[open...])] }
            found.append(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    enum CodingKeys: String, CodingKey {
        case manifest, audioRoot = "audio_root", audio, categories, officialSplit = "official_split"
        case minTracksPerTag = "min_tracks_per_tag", topTags = "top_tags"
    }
}
