import Foundation
import Ingest
import MelshardCore
import Recipe
import SoundFile
import TestSupport
import Testing

/// MTG-Jamendo as it is on disk after a download: `data/*.tsv` written by Python's csv module
/// (CRLF), ragged tag columns, `data/splits/split-N/`, and MP3s in `NN/ID.mp3`.
@Suite struct JamendoCorpusTests {
    @Test func raggedTagRowsWithCRLFAllSurvive() throws {
        let fixture = try CorpusFixture("jamendo-ragged")
        try JamendoLayout.audio(fixture, [241, 851, 382])
        try fixture.text(
            "data/autotagging.tsv",
            JamendoLayout.tsv([
                JamendoLayout.row(241, artist: 5, tags: ["genre---rock"]),
                JamendoLayout.row(
                    851, artist: 99, tags: ["genre---disco", "genre---funk", "genre---pop", "genre---rnb"],
                    duration: "131.9"),
                JamendoLayout.row(
                    382, artist: 5, tags: ["genre---pop", "instrument---voice", "mood/theme---background"]),
            ]))
        let result = try scan(fixture, .mtgJamendo(JamendoOptions()))
        #expect(result.rejects.isEmpty)
        let byPath = Dictionary(uniqueKeysWithValues: result.candidates.map { ($0.path, $0) })
        #expect(byPath.keys.sorted() == ["41/241.mp3", "51/851.mp3", "82/382.mp3"])
        // pandas with on_bad_lines='skip' drops this 4-tag track; the bare tag is the label with one category.
        #expect(byPath["51/851.mp3"]?.labels == ["disco", "funk", "pop", "rnb"])
        #expect(byPath["82/382.mp3"]?.labels == ["pop"])
        #expect(byPath["41/241.mp3"]?.group == "artist_000005" && byPath["82/382.mp3"]?.group == "artist_000005")
        #expect(
            byPath["51/851.mp3"]?.attributes == [
                "track_id": "track_0000851", "artist_id": "artist_000099",
                "album_id": "album_000851", "duration": "131.9",
            ])
        #expect(byPath["51/851.mp3"]?.origin == ManifestOrigin(manifest: "data/autotagging.tsv", line: 3))
        #expect(byPath["51/851.mp3"]?.officialSplit == nil)
    }

    @Test func materialisedSymlinkIsFollowedToItsTarget() throws {
        let fixture = try CorpusFixture("jamendo-link")
        try JamendoLayout.audio(fixture, [241])
        try fixture.text("data/autotagging.tsv", "raw_30s_cleantags_50artists.tsv")
        try fixture.text(
            "data/raw_30s_cleantags_50artists.tsv",
            JamendoLayout.tsv([JamendoLayout.row(241, artist: 5, tags: ["genre---rock"])]))
        let result = try scan(fixture, .mtgJamendo(JamendoOptions()))
        #expect(result.candidates.map(\.path) == ["41/241.mp3"])
        #expect(
            result.candidates.first?.origin == ManifestOrigin(manifest: "data/raw_30s_cleantags_50artists.tsv", line: 2)
        )

        try fixture.text("data/autotagging.tsv", "gone.tsv\n")
        #expect(throws: CorpusError.self) { try scan(fixture, .mtgJamendo(JamendoOptions())) }
    }

    @Test func lowQualityVariantAndTemplatesNameTheRightFiles() throws {
        let fixture = try CorpusFixture("jamendo-low")
        try fixture.audio("audio/41/241.low.mp3", seconds: 0.6, format: .mp3)
        try fixture.audio("audio/00/1009600.low.mp3", seconds: 0.6, format: .mp3)
        try fixture.text(
            "data/autotagging_genre.tsv",
            JamendoLayout.tsv([
                JamendoLayout.row(241, artist: 5, tags: ["genre---rock"]),
                JamendoLayout.row(1_009_600, artist: 6, tags: ["genre---jazz"]),
            ]))
        let low = try scan(
            fixture,
            .mtgJamendo(JamendoOptions(manifest: "data/autotagging_genre.tsv", audioRoot: "audio/", audio: "low")))
        #expect(low.rejects.isEmpty)
        #expect(low.candidates.map(\.path) == ["audio/00/1009600.low.mp3", "audio/41/241.low.mp3"])

        let template = try scan(
            fixture,
            .mtgJamendo(
                JamendoOptions(
                    manifest: "data/autotagging_genre.tsv", audioRoot: "audio",
                    audio: "{folder}/{id}.low.mp3")))
        #expect(template.candidates.map(\.path) == low.candidates.map(\.path))
        // The full-quality files are not there: each row says which file it missed.
        let full = try scan(
            fixture, .mtgJamendo(JamendoOptions(manifest: "data/autotagging_genre.tsv", audioRoot: "audio")))
        #expect(
            full.rejects.map { "\($0.code) \($0.path):\($0.line ?? 0)" }
                == ["missing-file data/autotagging_genre.tsv:2", "missing-file data/autotagging_genre.tsv:3"])
        #expect(full.rejects.first?.reason.hasPrefix("audio/41/241.mp3") == true)
    }

    @Test func officialSplitFilesGiveEachTrackItsPart() throws {
        let fixture = try CorpusFixture("jamendo-split")
        let tracks = [101, 202, 303, 404, 505]
        try JamendoLayout.audio(fixture, tracks)
        try fixture.text(
            "data/autotagging_genre.tsv",
            JamendoLayout.tsv(tracks.map { JamendoLayout.row($0, artist: $0, tags: ["genre---rock"]) }))
        let folder = "data/splits/split-2/autotagging_genre"
        try fixture.text(
            "\(folder)-train.tsv",
            JamendoLayout.tsv([
                JamendoLayout.row(101, artist: 101, tags: ["genre---rock"]),
                JamendoLayout.row(505, artist: 505, tags: ["genre---rock"]),
            ]))
        try fixture.text(
            "\(folder)-validation.tsv", JamendoLayout.tsv([JamendoLayout.row(202, artist: 202, tags: ["genre---rock"])])
        )
        try fixture.text(
            "\(folder)-test.tsv",
            JamendoLayout.tsv([
                JamendoLayout.row(303, artist: 303, tags: ["genre---rock"]),
                JamendoLayout.row(505, artist: 505, tags: ["genre---rock"]),
            ]))
        let options = JamendoOptions(manifest: "data/autotagging_genre.tsv", officialSplit: 2)
        let result = try scan(fixture, .mtgJamendo(options))
        let splits = Dictionary(
            uniqueKeysWithValues: result.candidates.map { ($0.attributes["track_id"] ?? "", $0.officialSplit) })
        #expect(
            splits == [
                "track_0000101": "train", "track_0000202": "validation", "track_0000303": "test",
                "track_0000404": nil, "track_0000505": nil,
            ])
        // A track in two parts is kept with no split, and the record says where.
        #expect(
            result.rejects.map { "\($0.code) \($0.path):\($0.line ?? 0) \($0.kept)" }
                == ["conflicting-split \(folder)-test.tsv:3 true"])

        try FileManager.default.removeItem(atPath: fixture.root + "/\(folder)-validation.tsv")
        #expect(throws: CorpusError.self) { try scan(fixture, .mtgJamendo(options)) }
    }

    @Test func malformedRowsAreRejectedWithTheirLine() throws {
        let fixture = try CorpusFixture("jamendo-bad")
        try JamendoLayout.audio(fixture, [1, 2])
        try fixture.audio("outside.mp3", seconds: 0.6, format: .mp3)
        var bytes = Array(
            JamendoLayout.tsv([
                JamendoLayout.row(1, artist: 1, tags: ["genre---rock"]),
                "track_0000003\tartist_000003\talbum_000003\t03/3.mp3\t30.0",
                JamendoLayout.row(4, artist: 4, tags: ["genre---rock"], duration: "3O.1"),
                JamendoLayout.row(5, artist: 5, tags: ["genre---rock", "rock"]),
                JamendoLayout.row(6, artist: 6, tags: ["genre---rock"]).replacingOccurrences(
                    of: "track_0000006", with: "6"),
                JamendoLayout.row(7, artist: 7, tags: ["genre---rock"]),
                "track_0000008\tartist_000008\talbum_000008\t../outside.mp3\t30.0\tgenre---rock",
                "",
                JamendoLayout.row(2, artist: 2, tags: ["genre---rock"]),
            ]).utf8)
        // Latin-1 "é" in line 11, after the blank line 9.
        bytes +=
            Array("track_0000010\tartist_000010\talbum_000010\t10/10.mp3\t30.0\tgenre---chanson ".utf8) + [
                0xE9, 0x0D, 0x0A,
            ]
        try fixture.bytes("data/autotagging.tsv", bytes)
        let result = try scan(fixture, .mtgJamendo(JamendoOptions()))
        #expect(result.candidates.map(\.path) == ["01/1.mp3", "02/2.mp3"])
        #expect(
            result.rejects.map { "\($0.code) \($0.path):\($0.line ?? 0)" }.sorted() == [
                "bad-duration data/autotagging.tsv:4", "bad-tag data/autotagging.tsv:5",
                "bad-track-id data/autotagging.tsv:6",
                "invalid-utf8 data/autotagging.tsv:11", "missing-file data/autotagging.tsv:7",
                "path-escapes-root data/autotagging.tsv:8",
                "wrong-field-count data/autotagging.tsv:3",
            ])
    }

    @Test func categoriesAndTagPruningRejectTracksLeftWithoutALabel() throws {
        let fixture = try CorpusFixture("jamendo-prune")
        let rows: [(Int, [String])] = [
            (1, ["genre---rock", "instrument---guitar"]), (2, ["genre---rock"]), (3, ["genre---pop", "genre---rock"]),
            (4, ["genre---pop"]), (5, ["genre---jazz"]), (6, ["genre---ska"]), (7, ["mood/theme---happy"]),
        ]
        try JamendoLayout.audio(fixture, rows.map(\.0))
        try fixture.text(
            "data/autotagging.tsv", JamendoLayout.tsv(rows.map { JamendoLayout.row($0.0, artist: $0.0, tags: $0.1) }))

        let both = try scan(fixture, .mtgJamendo(JamendoOptions(categories: [.genre, .moodTheme])))
        #expect(both.candidates.first { $0.path == "07/7.mp3" }?.labels == ["mood/theme---happy"])
        #expect(both.candidates.first { $0.path == "01/1.mp3" }?.labels == ["genre---rock"])
        #expect(both.rejects.isEmpty)

        // rock 3, pop 2, jazz 1, ska 1: min 1 keeps all four, top 3 keeps rock, pop and (by name) jazz.
        let pruned = try scan(fixture, .mtgJamendo(JamendoOptions(minTracksPerTag: 1, topTags: 3)))
        #expect(Set(pruned.candidates.flatMap(\.labels)) == ["jazz", "pop", "rock"])
        #expect(pruned.rejects.map { "\($0.code) \($0.line ?? 0)" } == ["no-selected-tag 8", "no-kept-tag 7"])
        #expect(pruned.rejects.last?.reason.contains("beyond top_tags = 3") == true)

        let rare = try scan(fixture, .mtgJamendo(JamendoOptions(minTracksPerTag: 2)))
        #expect(rare.candidates.map(\.path) == ["01/1.mp3", "02/2.mp3", "03/3.mp3", "04/4.mp3"])
        #expect(rare.rejects.map(\.code) == ["no-selected-tag", "no-kept-tag", "no-kept-tag"])
    }

    @Test func aFileThatIsNotAJamendoTSVStopsTheScan() throws {
        let fixture = try CorpusFixture("jamendo-header")
        try fixture.text(
            "data/raw.meta.tsv",
            "TRACK_ID\tARTIST_ID\tALBUM_ID\tTRACK_NAME\tARTIST_NAME\tALBUM_NAME\tRELEASEDATE\tURL\r\n")
        #expect(throws: CorpusError.self) {
            try scan(fixture, .mtgJamendo(JamendoOptions(manifest: "data/raw.meta.tsv")))
        }
        #expect(throws: CorpusError.self) {
            try scan(fixture, .mtgJamendo(JamendoOptions(manifest: "data/absent.tsv")))
        }
    }

    @Test func recipeKeysAreValidated() throws {
        let fixture = try CorpusFixture("jamendo-recipe")
        try fixture.writeRecipe(
            corpus: """
                name = "j"
                kind = "mtg-jamendo"
                audio_root = "/elsewhere"
                audio = "{folder}/{track}.mp3"
                categories = ["genre", "era"]
                """)
        do {
            _ = try RecipeLoader.load(path: fixture.recipe)
            Issue.record("the recipe loaded")
        } catch let error as RecipeError {
            #expect(
                Set(error.problems.map(\.key)) == ["corpus[1].audio_root", "corpus[1].audio", "corpus[1].categories"])
        }
    }

    @Test func studyRecipeLoadsWithBothCorpora() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let recipe = try RecipeLoader.load(
            path: repository.path + "/manifests/heydarshahi-words-and-music.toml",
            corpusRoots: ["jamendo": "/data/jamendo"])
        #expect(
            recipe.corpora.map(\.root) == ["/data/jamendo", repository.path + "/manifests/corpora/common-voice/en"])
        #expect(
            recipe.corpora.first?.options
                == .mtgJamendo(
                    JamendoOptions(
                        manifest: "data/autotagging.tsv", audioRoot: "audio",
                        categories: [.genre], minTracksPerTag: 400, topTags: 61)))
        #expect(recipe.corpora.last?.options == .commonVoice(CommonVoiceOptions(tsvs: [.validated])))
        #expect(recipe.features.preset == .heydarshahi && recipe.clipSamples == 24064)
    }

    @Test func buildIndexesTracksWithLabelsGroupsSplitsAndRejects() throws {
        let fixture = try CorpusFixture("jamendo-build")
        let tracks = [11, 12, 13, 14]
        try JamendoLayout.audio(fixture, tracks)
        try fixture.text(
            "data/autotagging_genre.tsv",
            JamendoLayout.tsv([
                JamendoLayout.row(11, artist: 1, tags: ["genre---rock"]),
                JamendoLayout.row(
                    12, artist: 1, tags: ["genre---jazz", "genre---pop", "genre---rock", "genre---soul"]),
                JamendoLayout.row(13, artist: 2, tags: ["genre---pop"]),
                JamendoLayout.row(14, artist: 3, tags: ["instrument---piano"]),
                JamendoLayout.row(15, artist: 3, tags: ["genre---pop"]),
            ]))
        let split = "data/splits/split-0/autotagging_genre"
        try fixture.text(
            "\(split)-train.tsv",
            JamendoLayout.tsv([
                JamendoLayout.row(11, artist: 1, tags: ["genre---rock"]),
                JamendoLayout.row(12, artist: 1, tags: ["genre---rock"]),
            ]))
        try fixture.text("\(split)-validation.tsv", JamendoLayout.tsv([]))
        try fixture.text(
            "\(split)-test.tsv", JamendoLayout.tsv([JamendoLayout.row(13, artist: 2, tags: ["genre---pop"])]))
        try fixture.writeRecipe(
            corpus: """
                name = "jamendo"
                kind = "mtg-jamendo"
                manifest = "data/autotagging_genre.tsv"
                official_split = 0
                """, "[task]\nkind = \"multi-label\"\n\n[splits]\nmethod = \"official\"")
        let report = try buildReport(fixture)
        #expect(report.sources == 3)
        let sources = try indexedSources(fixture)
        #expect(
            sources["12/12.mp3"]
                == IndexedSource(
                    labels: ["jazz", "pop", "rock", "soul"], group: "artist_000001", split: "train",
                    attributes: [
                        "track_id": "track_0000012", "artist_id": "artist_000001",
                        "album_id": "album_000012", "duration": "212.7",
                    ]))
        #expect(sources["13/13.mp3"]?.split == "test")
        #expect(
            try indexedRejects(fixture) == [
                "missing-file data/autotagging_genre.tsv:6", "no-selected-tag data/autotagging_genre.tsv:5",
            ])
    }
}

/// Rows and files in MTG-Jamendo's own format.
enum JamendoLayout {
    /// `NN/ID.mp3`, as the download script unpacks the tars.
    static func path(_ track: Int) -> String { String(format: "%02d/%d.mp3", track % 100, track) }

    static func row(_ track: Int, artist: Int, tags: [String], duration: String = "212.7") -> String {
        ([
            String(format: "track_%07d", track), String(format: "artist_%06d", artist),
            String(format: "album_%06d", track), path(track),
            duration,
        ] + tags).joined(separator: "\t")
    }

    /// A TSV as csv.writer writes it: header, rows, CRLF after every line.
    static func tsv(_ rows: [String]) -> String {
        ([header] + rows).map { $0 + "\r\n" }.joined()
    }

    static let header = "TRACK_ID\tARTIST_ID\tALBUM_ID\tPATH\tDURATION\tTAGS"

    /// Short 8-kHz MP3s, one per track, at the paths the TSV rows name.
    static func audio(_ fixture: CorpusFixture, _ tracks: [Int]) throws {
        for track in tracks { try fixture.audio(path(track), seconds: 0.6, rate: 8000, format: .mp3) }
    }
}
