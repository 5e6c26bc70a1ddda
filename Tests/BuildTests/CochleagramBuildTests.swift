import AudioDSP
import FeatureSettings
import Foundation
import MelshardCore
import Safetensors
import TestSupport
import Testing

/// The cochleagram preset through a real `melshard build`: shards of channels × frames, the
/// parameters in the metadata, and each stored row the features of its clip.
@Suite struct CochleagramBuildTests {
    @Test func aBuildWithTheCochleagramPresetStoresChannelsByFrames() throws {
        let fixture = try FolderCorpusFixture(label: "cochleagram-build", filesPerClass: 2)
        try fixture.writeRecipe(
            clips: "length_seconds = 1.0\ncrop = \"start\"\nper_source = 1",
            features: "preset = \"cochleagram\"\n[features.cochleagram]\nsample_factor = 2\nn = 20",
            shards: "clips_per_shard = 4\ndtype = \"float32\"")
        let out = fixture.directory.file("out")
        let report = try build(fixture, out: out)
        #expect(report.clips == 6)

        var p = FeaturePreset.cochleagram.parameters
        p.cochleagram!.sampleFactor = 2
        p.cochleagram!.n = 20
        let channels = 2 * 21 - 1 + 4
        // 1 s at 20 kHz: 1 + ⌊(20000 − 1001) / 100⌋ frames.
        let shape = [channels, 190]
        #expect(p.outputShape(forSamples: 20000) == (shape[0], shape[1]))

        let card = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/dataset.json")))
        let features = try #require((card as? [String: Any])?["features"] as? [String: Any])
        #expect(features["shape"] as? [Int] == shape)
        #expect(features["clip_samples"] as? Int == 20000)

        let rows = try query(
            out,
            """
            SELECT s.path, r.shard, r.row FROM clips c JOIN shard_rows r ON r.clip_id = c.id
            JOIN sources s ON s.id = c.source_id ORDER BY s.path
            """)
        #expect(rows.count == 6)
        let extractor = try FeatureExtractor(p)
        let loader = AudioLoader(p)
        for row in rows {
            let file = try SafetensorsFile(path: out + "/shards/\(row[1].text!).safetensors")
            let tensor = try #require(file.header.entries.first { $0.name == "features" })
            #expect(Array(tensor.shape.dropFirst()) == shape)
            let parameters = try #require(file.header.metadata["feature_parameters"])
            #expect(parameters.contains("\"cochleagram\":{") && parameters.contains("\"sample_factor\":2"))
            let size = shape[0] * shape[1]
            let index = row[2].int!
            let stored = try file.floats("features", elements: (index * size)..<((index + 1) * size))
            // The clip is the first second of the source resampled whole (crop "start").
            let audio = try loader.load(fixture.root + "/" + row[0].text!).samples
            let expected = try extractor.features(Array(audio.prefix(20000)))
            #expect(stored == expected.values, "\(row[0].text!)")
        }
        #expect(try Melshard.run(["verify", out]).status == 0)
    }
}
