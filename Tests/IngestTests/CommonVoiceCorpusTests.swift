import Foundation
import Ingest
import MelshardCore
import Recipe
import SoundFile
import TestSupport
import Testing

/// A Common Voice locale folder as a release unpacks it: `clips/*.mp3` and tab-separated,
/// never-quoted TSVs whose header depends on the release.
@Suite struct CommonVoiceCorpusTests {
    @Test(arguments: CommonVoiceLayout.Era.allCases)
    func headersOfEveryReleaseAreMappedByName(_ era: CommonVoiceLayout.Era) throws {
        let fixture = try CorpusFixture("cv-\(era)")
        try CommonVoiceLayout.clips(fixture, ["common_voice_en_1.mp3", "common_voice_en_2.mp3"])
        try fixture.text(
            "train.tsv",
            CommonVoiceLayout.tsv(
                era,
                [
                    CommonVoiceLayout.Clip(
                        client: "aa11", path: "common_voice_en_1.mp3", sentence: "Hello there.", gender: "female",
                        accents: "us"),
                    CommonVoiceLayout.Clip(client: "bb22", path: "common_voice_en_2.mp3", sentence: "A second one."),
                ]))
        let result = try scan(fixture, .commonVoice(CommonVoiceOptions(tsvs: [.train])))
        #expect(result.rejects.isEmpty)
        let first = try #require(result.candidates.first)
        #expect(first.path == "clips/common_voice_en_1.mp3" && first.group == "aa11" && first.labels.isEmpty)
        #expect(first.officialSplit == "train")
        var expected = [
            "tsv": "train", "client_id": "aa11", "sentence": "Hello there.", "up_votes": "2", "down_votes": "0",
            "age": "", "gender": "female", "accents": "us",
        ]
        if era != .v1 { expected["locale"] = "en" }
        if era == .v17 {
            expected["sentence_id"] = "s-hello"
            expected["sentence_domain"] = ""
            expected["variant"] = ""
        }
        #expect(first.attributes.dictionary == expected)
        #expect(result.candidates.last?.attributes["gender"] == "")
    }

    @Test func unbalancedQuotesDoNotGlueRowsTogether() throws {
        let fixture = try CorpusFixture("cv-quotes")
        let clips = (1...4).map { "common_voice_en_\($0).mp3" }
        try CommonVoiceLayout.clips(fixture, clips)
        let sentences = [#""""Good-bye,"" said the boy.""#, #"He said "no and left."#, "\"", "Plain after the quotes."]
        try fixture.text(
            "validated.tsv",
            CommonVoiceLayout.tsv(
                .v10,
                zip(clips, sentences).map {
                    CommonVoiceLayout.Clip(client: "c", path: $0.0, sentence: $0.1)
                }))
        let result = try scan(fixture, .commonVoice(CommonVoiceOptions()))
        #expect(result.rejects.isEmpty)
        #expect(result.candidates.map { $0.attributes["sentence"] ?? "?" } == sentences)
        #expect(result.candidates.allSatisfy { $0.officialSplit == nil && $0.attributes["locale"] == "en" })
        #expect(result.candidates.map { $0.origin?.line ?? 0 } == [2, 3, 4, 5])
    }

    @Test func oldPathsWithoutAnExtensionGetMp3() throws {
        let fixture = try CorpusFixture("cv-v1")
        try CommonVoiceLayout.clips(fixture, ["0a1b2c.mp3"])
        try fixture.text(
            "dev.tsv",
            CommonVoiceLayout.tsv(.v1, [CommonVoiceLayout.Clip(client: "x", path: "0a1b2c", sentence: "Old.")]))
        let result = try scan(fixture, .commonVoice(CommonVoiceOptions(tsvs: [.dev])))
        #expect(result.candidates.map(\.path) == ["clips/0a1b2c.mp3"])
        #expect(result.candidates.first?.officialSplit == "validation")
    }

    @Test func splitFilesAndBucketsMergeIntoOneSourcePerClip() throws {
        let fixture = try CorpusFixture("cv-splits")
        let clips = (1...5).map { "common_voice_en_\($0).mp3" }
        try CommonVoiceLayout.clips(fixture, clips)
        let row = { (i: Int) in
            CommonVoiceLayout.Clip(client: "speaker\(i)", path: clips[i - 1], sentence: "Sentence \(i).")
        }
        try fixture.text("train.tsv", CommonVoiceLayout.tsv(.v17, [row(1)]))
        try fixture.text("dev.tsv", CommonVoiceLayout.tsv(.v17, [row(2)]))
        try fixture.text("test.tsv", CommonVoiceLayout.tsv(.v17, [row(3)]))
        try fixture.text("validated.tsv", CommonVoiceLayout.tsv(.v17, [row(1), row(2), row(3), row(4)]))
        try fixture.text("other.tsv", CommonVoiceLayout.tsv(.v17, [row(5)]))
        let result = try scan(
            fixture, .commonVoice(CommonVoiceOptions(tsvs: [.validated, .other, .train, .dev, .test])))
        #expect(result.rejects.isEmpty)
        let found = result.candidates.map { "\($0.path) \($0.officialSplit ?? "-") \($0.attributes["tsv"] ?? "")" }
        #expect(
            found == [
                "clips/common_voice_en_1.mp3 train train,validated",
                "clips/common_voice_en_2.mp3 validation dev,validated",
                "clips/common_voice_en_3.mp3 test test,validated", "clips/common_voice_en_4.mp3 - validated",
                "clips/common_voice_en_5.mp3 - other",
            ])

        try FileManager.default.removeItem(atPath: fixture.root + "/dev.tsv")
        do {
            _ = try scan(fixture, .commonVoice(CommonVoiceOptions(tsvs: [.train, .dev])))
            Issue.record("a missing dev.tsv was not fatal")
        } catch let error as CorpusError {
            #expect(error.path.hasSuffix("/dev.tsv"))
        }
    }

    @Test func malformedRowsAreRejectedWithTheirLine() throws {
        let fixture = try CorpusFixture("cv-bad")
        try CommonVoiceLayout.clips(fixture, ["ok.mp3", "nolabel.mp3"])
        try fixture.audio("outside.mp3", seconds: 0.6, format: .mp3)
        let clip = { (path: String, client: String, gender: String) in
            CommonVoiceLayout.Clip(client: client, path: path, sentence: "S.", gender: gender)
        }
        var text = CommonVoiceLayout.tsv(
            .v10,
            [
                clip("ok.mp3", "a", "male"),  // 2
                clip("short.mp3", "a", "male"),  // 3: cut below
                clip("", "a", "male"),  // 4
                clip("anon.mp3", "", "male"),  // 5
                clip("nolabel.mp3", "a", ""),  // 6
                clip("absent.mp3", "a", "male"),  // 7
                clip("../outside.mp3", "a", "male"),  // 8
            ])
        text = text.replacingOccurrences(
            of: "short.mp3\tS.\t2\t0\t\tmale\t\ten\t\n", with: "short.mp3\tS.\t2\t0\t\tmale\n")
        var bytes = Array(text.utf8)
        bytes += Array("a\tlatin.mp3\tCaf".utf8) + [0xE9] + Array("\t2\t0\t\tmale\t\ten\t\n".utf8)  // 9
        try fixture.bytes("validated.tsv", bytes)
        let result = try scan(fixture, .commonVoice(CommonVoiceOptions(labelColumn: "gender")))
        #expect(result.candidates.map(\.path) == ["clips/ok.mp3"])
        #expect(result.candidates.first?.labels == ["male"])
        #expect(
            result.rejects.map { "\($0.code) \($0.path):\($0.line ?? 0)" }.sorted() == [
                "empty-field validated.tsv:4", "empty-field validated.tsv:5", "invalid-utf8 validated.tsv:9",
                "missing-file validated.tsv:7", "missing-label validated.tsv:6", "path-escapes-root validated.tsv:8",
                "wrong-field-count validated.tsv:3",
            ])
        #expect(result.rejects.first { $0.code == "missing-file" }?.reason.hasPrefix("clips/absent.mp3") == true)
    }

    @Test func labelColumnMustBeInTheHeaderAndAccentAliasesAccents() throws {
        let fixture = try CorpusFixture("cv-label")
        try CommonVoiceLayout.clips(fixture, ["a.mp3"])
        try fixture.text(
            "validated.tsv",
            CommonVoiceLayout.tsv(
                .v1,
                [
                    CommonVoiceLayout.Clip(
                        client: "x", path: "a.mp3", sentence: "A.",
                        accents: "scotland")
                ]))
        #expect(
            try scan(fixture, .commonVoice(CommonVoiceOptions(labelColumn: "accents"))).candidates.first?.labels == [
                "scotland"
            ])
        #expect(throws: CorpusError.self) {
            try scan(fixture, .commonVoice(CommonVoiceOptions(labelColumn: "variant")))
        }
        try fixture.text("validated.tsv", "clip\tduration[ms]\na.mp3\t4000\n")
        #expect(throws: CorpusError.self) { try scan(fixture, .commonVoice(CommonVoiceOptions())) }
    }

    @Test func buildIndexesClipsWithSpeakersSplitsAndSentences() throws {
        let fixture = try CorpusFixture("cv-build")
        let clips = (1...4).map { "common_voice_en_\($0).mp3" }
        try CommonVoiceLayout.clips(fixture, Array(clips.prefix(3)))
        let genders = ["female", "male", "female", "male"]
        let rows = (0..<4).map {
            CommonVoiceLayout.Clip(
                client: "spk\($0 % 2)", path: clips[$0], sentence: "\"Quote \($0)", gender: genders[$0])
        }
        try fixture.text("train.tsv", CommonVoiceLayout.tsv(.v17, [rows[0], rows[1]]))
        try fixture.text("test.tsv", CommonVoiceLayout.tsv(.v17, [rows[2], rows[3]]))
        try fixture.writeRecipe(
            corpus: """
                name = "cv"
                kind = "common-voice"
                tsvs = ["train", "test"]
                label_column = "gender"
                """, "[splits]\nmethod = \"official\"")
        let report = try buildReport(fixture)
        #expect(report.sources == 3)
        let sources = try indexedSources(fixture)
        let first = try #require(sources["clips/common_voice_en_1.mp3"])
        #expect(first.labels == ["female"] && first.group == "spk0" && first.split == "train")
        #expect(first.attributes["sentence"] == "\"Quote 0" && first.attributes["sentence_id"] == "s-\"quote")
        #expect(sources["clips/common_voice_en_3.mp3"]?.split == "test")
        #expect(try indexedRejects(fixture) == ["missing-file test.tsv:3"])
    }
}

/// Rows and files in Common Voice's own format.
enum CommonVoiceLayout {
    enum Era: String, CaseIterable, CustomTestStringConvertible {
        /// 8 columns, `accent`, no locale.
        case v1
        /// 10 columns, `accents`, locale and segment.
        case v10
        /// 13 columns, sentence_id, sentence_domain and variant.
        case v17

        var testDescription: String { rawValue }

        var header: [String] {
            switch self {
            case .v1: ["client_id", "path", "sentence", "up_votes", "down_votes", "age", "gender", "accent"]
            case .v10:
                [
                    "client_id", "path", "sentence", "up_votes", "down_votes", "age", "gender", "accents", "locale",
                    "segment",
                ]
            case .v17:
                [
                    "client_id", "path", "sentence_id", "sentence", "sentence_domain", "up_votes", "down_votes", "age",
                    "gender",
                    "accents", "variant", "locale", "segment",
                ]
            }
        }
    }

    struct Clip {
        var client: String
        var path: String
        var sentence: String
        var gender = ""
        var accents = ""
    }

    /// A TSV as the release writes it: LF, tab-joined, never quoted, empty fields kept (the
    /// trailing `segment` is empty in almost every row).
    static func tsv(_ era: Era, _ clips: [Clip]) -> String {
        let rows = clips.map { clip in
            era.header.map { column -> String in
                switch column {
                case "client_id": clip.client
                case "path": clip.path
                case "sentence": clip.sentence
                case "sentence_id": "s-" + (clip.sentence.split(separator: " ").first.map { $0.lowercased() } ?? "")
                case "up_votes": "2"
                case "down_votes": "0"
                case "gender": clip.gender
                case "accent", "accents": clip.accents
                case "locale": "en"
                default: ""
                }
            }.joined(separator: "\t")
        }
        return ([era.header.joined(separator: "\t")] + rows).map { $0 + "\n" }.joined()
    }

    /// Short 16-kHz MP3s under `clips/`.
    static func clips(_ fixture: CorpusFixture, _ names: [String]) throws {
        for name in names { try fixture.audio("clips/" + name, seconds: 0.6, rate: 16000, format: .mp3) }
    }
}
