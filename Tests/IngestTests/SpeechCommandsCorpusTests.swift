import Foundation
import Ingest
import Recipe
import TestSupport
import Testing

@Suite struct SpeechCommandsCorpusTests {
    /// The vectors in corpora.md §6, computed with input_data.which_set at 10 % / 10 %.
    @Test(arguments: [
        ("00000000_nohash_0.wav", 9.555730, "validation"),
        ("be1e0823_nohash_0.wav", 16.829277, "test"),
        ("3c6ef362_nohash_0.wav", 68.366949, "train"),
        ("004ae714_nohash_0.wav", 79.574893, "train"),
    ])
    func theHashRuleIsTensorFlowsWhichSet(name: String, percentage: Double, split: String) {
        #expect(abs(SpeechCommandsHashSplit.percentage(name) - percentage) < 1e-6)
        #expect(SpeechCommandsHashSplit.split(name, validationPercent: 10, testingPercent: 10) == split)
    }

    @Test func onlyTheSpeakerHashIsHashed() {
        #expect(SpeechCommandsHashSplit.hashName("be1e0823_nohash_3.wav") == "be1e0823")
        #expect(
            SpeechCommandsHashSplit.hashName("a_nohash_1_nohash_2.wav") == "a",
            "the regex removes from the first _nohash_")
        #expect(
            SpeechCommandsHashSplit.percentage("be1e0823_nohash_0.wav")
                == SpeechCommandsHashSplit.percentage("be1e0823_nohash_7.wav"))
    }

    @Test func theShippedListsDecideTheSplitAndBackgroundIsNoWord() throws {
        let fixture = try fullCorpus("sc-lists")
        let scan = try scan(fixture, .speechCommands(SpeechCommandsOptions()))
        #expect(scan.rejects.isEmpty)
        #expect(
            scan.candidates.map(\.path) == [
                "no/00000000_nohash_0.wav", "no/be1e0823_nohash_0.wav", "yes/00000000_nohash_0.wav",
                "yes/3c6ef362_nohash_0.wav",
                "yes/3c6ef362_nohash_1.wav",
            ])
        // 00000000 is validation by the hash, but the lists are the ground truth and do not name it.
        #expect(scan.candidates.map(\.officialSplit) == ["train", "test", "validation", "validation", "train"])
        #expect(scan.candidates.map(\.labels) == [["no"], ["no"], ["yes"], ["yes"], ["yes"]])
        #expect(scan.candidates.map(\.group) == ["00000000", "be1e0823", "00000000", "3c6ef362", "3c6ef362"])
        #expect(scan.candidates[4].attributes == ["speaker": "3c6ef362", "utterance": "1", "word": "yes"])
        #expect(scan.ignoredFiles == 5, "README.md, LICENSE, two background WAVs and the background README")
    }

    @Test func backgroundNoiseIsKeptApartWhenIncluded() throws {
        let fixture = try fullCorpus("sc-background")
        let scan = try scan(fixture, .speechCommands(SpeechCommandsOptions(includeBackground: true)))
        let background = scan.candidates.filter { $0.path.hasPrefix("_background_noise_/") }
        #expect(background.map(\.path) == ["_background_noise_/pink_noise.wav", "_background_noise_/white_noise.wav"])
        #expect(
            background.allSatisfy {
                $0.labels == ["_background_noise_"] && $0.officialSplit == nil && $0.attributes.isEmpty
            })
        #expect(background.map(\.group) == ["pink_noise.wav", "white_noise.wav"])
        #expect(scan.candidates.count == 7 && scan.ignoredFiles == 3)
    }

    @Test func aListLineForAMissingFileIsRejectedWithItsListAndLine() throws {
        let fixture = try fullCorpus("sc-missing")
        try fixture.text("validation_list.txt", "yes/00000000_nohash_0.wav\nyes/gone_nohash_0.wav\n\n../escape.wav\n")
        let scan = try scan(fixture, .speechCommands(SpeechCommandsOptions(splitRule: .lists)))
        #expect(
            scan.rejects.map { "\($0.code) \($0.path):\($0.line ?? 0)" } == [
                "missing-file validation_list.txt:2", "path-escapes-root validation_list.txt:4",
            ])
        #expect(scan.rejects[0].reason.contains("yes/gone_nohash_0.wav"))
        #expect(
            scan.candidates.first { $0.path == "yes/3c6ef362_nohash_0.wav" }?.officialSplit == "train",
            "no longer listed")
    }

    @Test func aFileListedTwiceIsReported() throws {
        let fixture = try fullCorpus("sc-twice")
        try fixture.text(
            "testing_list.txt", "no/be1e0823_nohash_0.wav\nyes/3c6ef362_nohash_0.wav\nno//be1e0823_nohash_0.wav\n")
        let scan = try scan(fixture, .speechCommands(SpeechCommandsOptions()))
        #expect(
            scan.rejects.map { "\($0.code) \($0.path):\($0.line ?? 0) \($0.kept)" } == [
                "conflicting-split testing_list.txt:2 true", "duplicate-row testing_list.txt:3 false",
            ])
        #expect(scan.candidates.first { $0.path == "yes/3c6ef362_nohash_0.wav" }?.officialSplit == "validation")
    }

    @Test func miniSpeechCommandsInKerasNestingUsesTheHashRule() throws {
        let fixture = try CorpusFixture("sc-mini")
        let base = "mini_speech_commands_extracted/mini_speech_commands/"
        for clip in [
            "down/00000000_nohash_0.wav", "go/be1e0823_nohash_0.wav", "yes/3c6ef362_nohash_0.wav",
            "Yes/004ae714_nohash_0.wav",
        ] {
            try fixture.audio(base + clip, seconds: 0.25, rate: 16000)
        }
        try fixture.text(base + "README.md", "mini\n")
        try fixture.text("mini_speech_commands.zip", "not read")
        let scan = try scan(fixture, .speechCommands(SpeechCommandsOptions()))
        #expect(scan.rejects.isEmpty && scan.ignoredFiles == 1)
        #expect(
            scan.candidates.map(\.path) == [
                base + "Yes/004ae714_nohash_0.wav", base + "down/00000000_nohash_0.wav",
                base + "go/be1e0823_nohash_0.wav",
                base + "yes/3c6ef362_nohash_0.wav",
            ])
        #expect(scan.candidates.map(\.officialSplit) == ["train", "validation", "test", "train"])
        #expect(scan.candidates.map(\.labels) == [["yes"], ["down"], ["go"], ["yes"]], "word folders are lower-cased")
    }

    @Test func theHashRuleCanOverrideShippedListsAndTakesPercentages() throws {
        let fixture = try fullCorpus("sc-hash")
        let tenTen = try scan(fixture, .speechCommands(SpeechCommandsOptions(splitRule: .hash)))
        #expect(tenTen.candidates.map(\.officialSplit) == ["validation", "test", "validation", "train", "train"])
        #expect(tenTen.ignoredFiles == 7, "the unused lists are counted too")
        let wide = try scan(
            fixture, .speechCommands(SpeechCommandsOptions(splitRule: .hash, validationPercent: 5, testingPercent: 70)))
        #expect(wide.candidates.map(\.officialSplit) == ["test", "test", "test", "test", "test"])
    }

    @Test func namesWithoutASpeakerHashAreRejected() throws {
        let fixture = try CorpusFixture("sc-nohash")
        try fixture.audio("yes/00000000_nohash_0.wav", seconds: 0.25, rate: 16000)
        try fixture.audio("yes/recording.wav", seconds: 0.25, rate: 16000)
        try fixture.audio("yes/_nohash_0.wav", seconds: 0.25, rate: 16000)
        try fixture.audio("yes/extra/00000000_nohash_1.wav", seconds: 0.25, rate: 16000)
        try fixture.audio("loose.wav", seconds: 0.25, rate: 16000)
        let scan = try scan(fixture, .speechCommands(SpeechCommandsOptions()))
        #expect(
            scan.rejects.map { "\($0.code) \($0.path)" }.sorted() == [
                "nested-clip yes/extra/00000000_nohash_1.wav", "no-label-folder loose.wav",
                "no-speaker-hash yes/_nohash_0.wav",
                "no-speaker-hash yes/recording.wav",
            ])
        #expect(scan.candidates.map(\.path) == ["yes/00000000_nohash_0.wav"])
    }

    @Test func missingListsStopTheBuildWhenTheyAreNeeded() throws {
        let fixture = try CorpusFixture("sc-nolists")
        try fixture.audio("yes/00000000_nohash_0.wav", seconds: 0.25, rate: 16000)
        #expect { try scan(fixture, .speechCommands(SpeechCommandsOptions(splitRule: .lists))) } throws: {
            "\($0)".contains("validation_list.txt cannot be read") && "\($0)".contains("split_rule")
        }
        try fixture.text("testing_list.txt", "yes/00000000_nohash_0.wav\n")
        #expect { try scan(fixture, .speechCommands(SpeechCommandsOptions())) } throws: {
            "\($0)".contains("validation_list.txt is missing while the other split list is present")
        }
        let empty = try CorpusFixture("sc-empty")
        try empty.text("README.md", "nothing here\n")
        #expect { try scan(empty, .speechCommands(SpeechCommandsOptions())) } throws: {
            "\($0)".contains("holds no <word>/")
        }
    }

    @Test func aBuildIndexesWordsSpeakersAndSplits() throws {
        let fixture = try fullCorpus("sc-build")
        try fixture.text(
            "validation_list.txt",
            "./yes/00000000_nohash_0.wav\r\nyes/3c6ef362_nohash_0.wav\r\nyes/lost_nohash_0.wav\r\n")
        try fixture.writeRecipe(
            corpus: "name = \"sc\"\nkind = \"speech-commands\"", "[splits]\nmethod = \"official\"",
            clips: "length_seconds = 0.5\ncrop = \"start\"\nshort = \"pad\"")
        let report = try buildReport(fixture)
        #expect(report.sources == 5 && report.ignoredFiles == 5)
        #expect(report.rejectsByCode == ["missing-file": 1])
        #expect(try indexedRejects(fixture) == ["missing-file validation_list.txt:3"])
        let sources = try indexedSources(fixture)
        #expect(
            sources["yes/3c6ef362_nohash_1.wav"]
                == IndexedSource(
                    labels: ["yes"], group: "3c6ef362", split: "train",
                    attributes: ["speaker": "3c6ef362", "utterance": "1", "word": "yes"]))
        #expect(sources["no/be1e0823_nohash_0.wav"]?.split == "test")
        #expect(sources["yes/00000000_nohash_0.wav"]?.split == "validation")
    }

    /// v0.02's layout in miniature: two words, three speakers, both lists (one with `./`), the
    /// background folder, README and LICENSE. Clips are 0.25 s at 16 kHz.
    private func fullCorpus(_ label: String) throws -> CorpusFixture {
        let fixture = try CorpusFixture(label)
        for clip in [
            "yes/00000000_nohash_0.wav", "yes/3c6ef362_nohash_0.wav", "yes/3c6ef362_nohash_1.wav",
            "no/00000000_nohash_0.wav", "no/be1e0823_nohash_0.wav",
        ] {
            try fixture.audio(clip, seconds: 0.25, rate: 16000)
        }
        try fixture.audio("_background_noise_/white_noise.wav", seconds: 1, rate: 16000)
        try fixture.audio("_background_noise_/pink_noise.wav", seconds: 1, rate: 16000)
        try fixture.text("_background_noise_/README.md", "long recordings\n")
        try fixture.text("README.md", "Speech Commands\n")
        try fixture.text("LICENSE", "CC BY 4.0\n")
        try fixture.text("validation_list.txt", "./yes/00000000_nohash_0.wav\nyes/3c6ef362_nohash_0.wav\n")
        try fixture.text("testing_list.txt", "no/be1e0823_nohash_0.wav\n")
        return fixture
    }
}
