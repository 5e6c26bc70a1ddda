import AudioDSP
import FeatureSettings
import Foundation
import Safetensors
import TestSupport
import Testing

/// A clip's bytes depend only on its source and the recipe: planning more or fewer clips from
/// the same source changes no clip that both builds hold, on either resampling path (a short
/// source resampled whole once, a long one clip by clip).
@Suite struct SiblingClipTests {
    /// Two real builds through the melshard subprocess, of 1.5-s sources (resampled whole) and
    /// 61-s sources (clip by clip) at 11,025 Hz into 8 kHz features: one with two random crops
    /// per source, one with three. Crop k of a source starts in the same place in both (its own
    /// random stream), so the first two crops of every source are in both builds.
    @Test func addingASiblingClipChangesNoClip() throws {
        let fixture = try FolderCorpusFixture(label: "siblings", classes: ["jazz", "rock"], filesPerClass: 2)
        for i in 0..<2 { try fixture.writeSource("jazz", i, seconds: 61) }
        let recipe = { (crops: Int) in "length_seconds = 0.5\ncrop = \"random\"\nper_source = \(crops)" }
        try fixture.writeRecipe(clips: recipe(2))
        let two = fixture.directory.file("two")
        let report = try build(fixture, out: two)
        #expect(report.blasCore.map { !$0.isEmpty } == true && report.cpuVectors != nil)
        try fixture.writeRecipe(clips: recipe(3))
        let three = fixture.directory.file("three")
        _ = try build(fixture, out: three)

        // The two paths are both exercised.
        var parameters = FeaturePreset.librosa.parameters
        (parameters.sampleRate, parameters.nFFT, parameters.hop, parameters.nMels) = (8000, 256, 128, 32)
        let loader = AudioLoader(parameters)
        #expect(!loader.resamplesWhole(try loader.probe(fixture.root + "/" + FolderCorpusFixture.path("jazz", 0))))
        #expect(loader.resamplesWhole(try loader.probe(fixture.root + "/" + FolderCorpusFixture.path("rock", 0))))

        let before = try clipFeatures(two), after = try clipFeatures(three)
        #expect(before.count == 8 && after.count == 12)
        for (key, features) in before {
            #expect(after[key] == features, "\(key.path) at \(key.start) changed when a sibling was added")
        }
        #expect(Set(before.keys.map(\.path)).count == 4)
    }

    struct ClipKey: Hashable {
        var path: String
        var start: Int
    }

    /// Every stored clip's features, by source path and start.
    func clipFeatures(_ out: String) throws -> [ClipKey: [Float]] {
        let rows = try query(
            out,
            """
            SELECT s.path, c.start_sample, r.shard, r.row FROM clips c JOIN shard_rows r ON r.clip_id = c.id
            JOIN sources s ON s.id = c.source_id
            """)
        var features: [ClipKey: [Float]] = [:]
        for row in rows {
            let file = try SafetensorsFile(path: out + "/shards/\(row[2].text!).safetensors")
            let shape = try #require(file.header.entries.first { $0.name == "features" }).shape
            let size = shape[1] * shape[2]
            let index = row[3].int!
            features[ClipKey(path: row[0].text!, start: row[1].int!)] = try file.floats(
                "features", elements: (index * size)..<((index + 1) * size))
        }
        return features
    }
}
