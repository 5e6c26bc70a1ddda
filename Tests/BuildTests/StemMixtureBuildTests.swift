import AudioDSP
import Build
import FeatureSettings
import Foundation
import SQLite
import Safetensors
import SoundFile
import TestSupport
import Testing

/// Stem mixtures through a real build of a MUSDB18-HQ layout: which segments are kept, the 15
/// combinations with multi-hot labels, and a mixture's features equal to those of the stems
/// summed into one file.
@Suite struct StemMixtureBuildTests {
    static let stems = ["drums", "bass", "other", "vocals"]
    static let rate = 16000
    static let tracks = ["Alpha", "Beta", "Gamma", "Delta"]

    /// Each stem of each track a tone of its own; `silent` gives stretches (in seconds) where it is zero.
    func stem(_ name: String, track: String, seconds: Double, silent: [Range<Double>] = []) -> [Float] {
        let frequency =
            [220.0, 165.0, 660.0, 990.0][Self.stems.firstIndex(of: name)!] + 37
            * Double(Self.tracks.firstIndex(of: track)!)
        return (0..<Int(seconds * Double(Self.rate))).map { n in
            let t = Double(n) / Double(Self.rate)
            return silent.contains { $0.contains(t) } ? 0 : Float(0.3 * sin(2 * Double.pi * frequency * t))
        }
    }

    /// Four tracks of 3.5 s cut into 1-s segments (three whole ones each), with at least
    /// 0.5 s of activity asked of every stem:
    /// - `Alpha`: every stem plays throughout, so segments 1, 2 and 3 are kept;
    /// - `Beta`: vocals rest from 1.0 to 2.6 s, so segment 2 has none and segment 3 only 0.4 s:
    ///   only segment 1 is kept;
    /// - `Gamma` and `Delta`: instrumentals whose vocals are silent throughout: no segment, one
    ///   reject each. Their silent vocals are byte-identical files, so ingest merges the two
    ///   tracks' groups; the tracks must stay apart all the same.
    func fixture() throws -> CorpusFixture {
        let fixture = try CorpusFixture("stem-mixtures")
        let silences: [String: [String: [Range<Double>]]] = [
            "Beta": ["vocals": [1.0..<2.6]], "Gamma": ["vocals": [0..<4]], "Delta": ["vocals": [0..<4]],
        ]
        for track in Self.tracks {
            for name in Self.stems {
                let mono = stem(name, track: track, seconds: 3.5, silent: silences[track]?[name] ?? [])
                try FileManager.default.createDirectory(
                    atPath: fixture.root + "/train/\(track)", withIntermediateDirectories: true)
                // Stereo float, as a mastered stem: the loader takes the mean of the channels.
                try SoundFile.write(
                    Signals.interleave([mono, mono]), channels: 2, sampleRate: Self.rate, format: .wavFloat,
                    to: fixture.root + "/train/\(track)/\(name).wav")
            }
        }
        try fixture.writeRecipe(
            corpus: """
                name = "musdb"
                kind = "musdb"
                subsets = ["train"]
                mixtures = true
                mixture_min_active_seconds = 0.5
                """,
            """
            [task]
            kind = "multi-label"

            [splits]
            method = "none"
            """, clips: "length_seconds = 1.0")
        // float32 shards, so rows compare without half-precision rounding.
        try String(contentsOfFile: fixture.recipe, encoding: .utf8).replacingOccurrences(
            of: "[shards]", with: "[shards]\ndtype = \"float32\""
        )
        .write(toFile: fixture.recipe, atomically: true, encoding: .utf8)
        return fixture
    }

    @Test func keptSegmentsGiveEveryCombinationWithMultiHotLabels() throws {
        let fixture = try fixture()
        let outcome = try fixture.build()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let db = try Database(path: fixture.output + "/index.sqlite", readOnly: true)
        // Segments kept: Alpha 1, 2, 3 and Beta 1.
        let segments = try db.execute(
            """
            SELECT s.group_key, c.start_sample, COUNT(*) FROM clips c JOIN sources s ON s.id = c.source_id
            GROUP BY 1, 2 ORDER BY 1, 2
            """
        ).map { "\($0[0].text!) \($0[1].int!) \($0[2].int!)" }
        #expect(segments == ["Alpha 0 15", "Alpha 8000 15", "Alpha 16000 15", "Beta 0 15"])

        // Each combination once per segment, labelled with exactly its stems, mixed from them.
        let combinations = try db.execute(
            """
            SELECT c.id, c.reason, (SELECT GROUP_CONCAT(name, '+') FROM (SELECT l.name FROM clip_labels cl JOIN labels l ON l.id = cl.label_id
                                    WHERE cl.clip_id = c.id ORDER BY l.name)),
                   (SELECT GROUP_CONCAT(stem, '+') FROM (SELECT a.value AS stem FROM clip_sources x
                                    JOIN source_attributes a ON a.source_id = x.source_id AND a.key = 'stem'
                                    WHERE x.clip_id = c.id ORDER BY x.position))
            FROM clips c JOIN sources s ON s.id = c.source_id WHERE s.group_key = 'Beta'
            """)
        #expect(combinations.count == 15)
        var masks: Set<String> = []
        for row in combinations {
            let reason = row[1].text!, labels = row[2].text!, mixed = row[3].text!
            #expect(reason == "mixture \(mixed), segment 1 of 3")
            #expect(labels == mixed.split(separator: "+").sorted().joined(separator: "+"))
            masks.insert(mixed)
        }
        #expect(masks.count == 15 && masks.contains("drums+bass+other+vocals") && masks.contains("vocals"))
        #expect(try db.execute("SELECT COUNT(*) FROM clip_sources")[0][0].int == 4 * 32)

        // The multi-hot rows in the shards agree with the index.
        let labelNames = try db.execute("SELECT name FROM labels ORDER BY id").map { $0[0].text! }
        var hot = 0
        for shard in try db.execute("SELECT name FROM shards").map({ $0[0].text! }) {
            let file = try SafetensorsFile(path: fixture.output + "/shards/\(shard).safetensors")
            let labels = try file.tensor("labels")
            #expect(labels.shape.last == labelNames.count)
            hot += labels.bytes.reduce(0) { $0 + Int($1) }
        }
        #expect(hot == 4 * 32)

        // Gamma's vocals never play: one reject saying so; the segments are not planned.
        let rejects = try db.execute("SELECT path, code, reason FROM rejects WHERE stage = 'balance'")
        #expect(
            rejects.map { "\($0[0].text!) \($0[1].text!)" }.sorted() == [
                "track train/Delta no-active-segment", "track train/Gamma no-active-segment",
            ])
        #expect(rejects.allSatisfy { $0[2].text!.contains("vocals 0 s") && $0[2].text!.contains("drums 1 s") })

        // The card sums it up.
        let card =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: fixture.output + "/dataset.json"))) as! [String: Any]
        let summary = ((card["balance"] as! [String: Any])["mixtures"] as! [String: Any])["musdb"] as! [String: Int]
        #expect(summary == ["tracks": 4, "tracks_mixed": 2, "segments": 12, "segments_kept": 4, "combinations": 15])

        // Every stem sits in its track's split, and `check` sees all of them.
        let check = try Melshard.run(["check", fixture.output, "--json"])
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func stemActivityIsMeasuredOnceAndAChangedStemRedoesOnlyItsTrack() throws {
        let fixture = try fixture()
        func report() throws -> BuildReport {
            let outcome = try fixture.build(["--jobs", "2"])
            try #require(outcome.status == 0, "\(outcome.stderr)")
            return try JSONDecoder().decode(BuildReport.self, from: Data(outcome.stdout.utf8))
        }
        let first = try report()
        #expect(first.units["activity"]?.rebuilt == 16)
        let before = try OutputSnapshot(fixture.output)
        let again = try report()
        #expect(again.units["activity"]?.rebuilt == 0 && again.units["shard"]?.rebuilt == 0)
        #expect(try OutputSnapshot(fixture.output) == before)
        // Alpha's bass changes: one stem measured again, and only the shards holding Alpha's mixtures rewritten.
        let bass = stem("bass", track: "Alpha", seconds: 3.5).map { $0 * 0.5 }
        try SoundFile.write(
            Signals.interleave([bass, bass]), channels: 2, sampleRate: Self.rate, format: .wavFloat,
            to: fixture.root + "/train/Alpha/bass.wav")
        let changed = try report()
        #expect(changed.units["activity"]?.rebuilt == 1)
        let db = try Database(path: fixture.output + "/index.sqlite", readOnly: true)
        let alphaShards = Set(
            try db.execute(
                "SELECT DISTINCT c.shard FROM clips c JOIN sources s ON s.id = c.source_id WHERE s.group_key = 'Alpha'"
            ).map { $0[0].text! })
        #expect(Set(changed.rebuiltUnits.filter { $0.stage == "shard" }.map(\.name)) == alphaShards)
        #expect(changed.units["shard"]!.reused > 0, "Beta's shards are not rewritten")
    }

    @Test func aMixtureIsTheSumOfItsStems() throws {
        let fixture = try fixture()
        #expect(try fixture.build().status == 0)
        // Alpha's drums and vocals summed by hand into one file, at the stems' own rate.
        let summed = zip(stem("drums", track: "Alpha", seconds: 3.5), stem("vocals", track: "Alpha", seconds: 3.5)).map
        { $0 + $1 }
        let path = fixture.directory.file("drums+vocals.wav")
        try SoundFile.write(summed, sampleRate: Self.rate, format: .wavFloat, to: path)

        let db = try Database(path: fixture.output + "/index.sqlite", readOnly: true)
        let row = try #require(
            try db.execute(
                """
                SELECT r.shard, r.row, c.start_sample, c.length_samples FROM clips c JOIN shard_rows r ON r.clip_id = c.id
                JOIN sources s ON s.id = c.source_id WHERE s.group_key = 'Alpha' AND c.reason = 'mixture drums+vocals, segment 2 of 3'
                """
            ).first)
        let parameters = try JSONDecoder().decode(
            FeatureParameters.self,
            from: Data(
                try db.execute("SELECT value FROM meta WHERE key = 'recipe_json'")[0][0].text!.utf8
            )
            .jsonField("features", "parameters"))
        let expected = try FeatureExtractor(parameters).features(
            try AudioLoader(parameters).clips([ClipRegion(start: row[2].int!, length: row[3].int!)], from: path)[0])
        let file = try SafetensorsFile(path: fixture.output + "/shards/\(row[0].text!).safetensors")
        let size = expected.values.count
        let stored = try file.floats("features", elements: (row[1].int! * size)..<((row[1].int! + 1) * size))
        let worst = zip(stored, expected.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-3, "largest difference \(worst) dB")
    }
}

/// `manifests/gebhardt-musdb-instruments.toml` as shipped, on a generated MUSDB18-HQ layout
/// whose kept segments are worked out by hand.
@Suite struct GebhardtStudyRecipeTests {
    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("manifests/gebhardt-musdb-instruments.toml").path

    /// Four 21-s tracks at 22.05 kHz (the preset's rate): two whole 10-s segments each. The
    /// recipe keeps a segment when every stem plays for 5 s of it, in 0.1-s frames at -40 dBFS.
    /// - `train/Alpha - One`: everything plays: segments 1 and 2 → 30 clips, train;
    /// - `train/Actions - One Minute Smile` (one of musdb's validation tracks): vocals play 6 s
    ///   of segment 1 and 4 s of segment 2 → segment 1 → 15 clips, validation;
    /// - `train/Beta - Two`: bass rests 3–8 s (exactly 5 s left: kept) and from 10 s on
    ///   → segment 1 → 15 clips, train;
    /// - `test/Gamma - Three`: everything plays → 30 clips, test.
    @Test func theStudyRecipeKeepsTheSegmentsWorkedOutByHand() throws {
        let fixture = try CorpusFixture("gebhardt-study")
        let rate = 22050
        let rests: [String: [String: [Range<Double>]]] = [
            "train/Actions - One Minute Smile": ["vocals": [6..<10, 14..<21]],
            "train/Beta - Two": ["bass": [3..<8, 10..<21]],
        ]
        for (t, track) in [
            "train/Alpha - One", "train/Actions - One Minute Smile", "train/Beta - Two", "test/Gamma - Three",
        ].enumerated() {
            for (s, stem) in ["drums", "bass", "other", "vocals", "mixture"].enumerated() {
                let frequency = 110 * Double(s + 1) + 7 * Double(t)
                let samples = (0..<(21 * rate)).map { n -> Float in
                    let seconds = Double(n) / Double(rate)
                    return rests[track]?[stem]?.contains { $0.contains(seconds) } == true
                        ? 0 : Float(0.3 * sin(2 * .pi * frequency * seconds))
                }
                try FileManager.default.createDirectory(
                    atPath: fixture.root + "/" + track, withIntermediateDirectories: true)
                try SoundFile.write(
                    samples, sampleRate: rate, format: .wav16, to: fixture.root + "/\(track)/\(stem).wav")
            }
        }
        let outcome = try Melshard.run([
            "build", Self.manifest, "--corpus", "musdb=" + fixture.root, "--out", fixture.output, "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let db = try Database(path: fixture.output + "/index.sqlite", readOnly: true)
        let segments = try db.execute(
            """
            SELECT a.value, c.split, c.start_sample, COUNT(*) FROM clips c JOIN source_attributes a ON a.source_id = c.source_id AND a.key = 'track'
            GROUP BY 1, 2, 3 ORDER BY 1, 3
            """
        ).map { "\($0[0].text!) \($0[1].text!) \($0[2].int! / 220500) \($0[3].int!)" }
        #expect(
            segments == [
                "Actions - One Minute Smile validation 0 15", "Alpha - One train 0 15", "Alpha - One train 1 15",
                "Beta - Two train 0 15", "Gamma - Three test 0 15", "Gamma - Three test 1 15",
            ])
        // Each stem is in 8 of the 15 combinations of each of the 6 kept segments.
        let perLabel = try db.execute(
            """
            SELECT l.name, COUNT(*) FROM clip_labels cl JOIN labels l ON l.id = cl.label_id GROUP BY l.id ORDER BY l.id
            """
        ).map { "\($0[0].text!) \($0[1].int!)" }
        #expect(perLabel == ["drums 48", "bass 48", "vocals 48", "other 48"])
        let shape = try db.execute("SELECT DISTINCT features_shape FROM shards").map { $0[0].text! }
        #expect(shape.allSatisfy { $0.hasSuffix(",80,300]") }, "\(shape)")
        // The whole mix is not one of the stems: `mixture.wav` is left out.
        #expect(try db.execute("SELECT COUNT(*) FROM sources WHERE path LIKE '%mixture.wav'")[0][0].int == 0)
    }
}

private extension Data {
    /// The JSON object at a path of keys, re-encoded: the recipe's feature parameters.
    func jsonField(_ keys: String...) throws -> Data {
        var value = try JSONSerialization.jsonObject(with: self)
        for key in keys { value = (value as! [String: Any])[key]! }
        return try JSONSerialization.data(withJSONObject: value)
    }
}
