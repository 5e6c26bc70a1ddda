import Foundation
import TestSupport
import Testing

@testable import Pictures

/// The report reads `dataset.json` leniently: known fields decoded, unknown ones ignored, every
/// feature parameter kept as JSON text in key order, and a missing or broken card is a
/// PicturesError naming the file.
@Suite struct CardSummaryTests {
    let directory = TemporaryDirectory("card-summary")

    @Test func knownFieldsAreReadAndUnknownOnesIgnored() throws {
        try #"""
        {"name": "tones", "task": "multiclass", "labels": ["low", "high"], "added_later": {"x": 1},
         "splits": {"train": {"clips": 6, "sources": 3, "per_label": {"low": 4, "high": 2}}},
         "balance": {"per_class": 3, "classes": {"low": {"sources_found": 5, "sources_used": 3, "shortfall": 0}}},
         "rejects": {"total": 2, "by_code": {"too-short": 2}},
         "shards": [{"name": "train-00000.safetensors", "split": "train", "clips": 6, "bytes": 123456}],
         "normalisation": {"split": "train", "mean": -41.5, "std": 12.25},
         "features": {"dtype": "float16", "shape": [96, 128], "layout": "bands_frames", "clip_samples": 24000,
                      "parameters": {"n_mels": 96, "fmax": null, "window": "hann", "resize": [128, 128]}},
         "recipe_sha256": "ab12"}
        """#.write(toFile: directory.file("dataset.json"), atomically: true, encoding: .utf8)
        let card = try CardSummary.read(directory: directory.path)
        #expect(card.name == "tones" && card.task == "multiclass" && card.labels == ["low", "high"])
        #expect(card.splits?["train"]?.per_label == ["low": 4, "high": 2] && card.splits?["train"]?.clips == 6)
        #expect(card.balance?.per_class == 3 && card.balance?.classes?["low"]?.sources_found == 5)
        #expect(card.rejects?.by_code == ["too-short": 2])
        #expect(card.shards?.first?.bytes == 123_456 && card.shards?.first?.clips == 6)
        #expect(card.normalisation?.mean == -41.5 && card.normalisation?.std == 12.25)
        #expect(card.features?.shape == [96, 128] && card.features?.clip_samples == 24000)
        #expect(card.parameters.map(\.0) == ["fmax", "n_mels", "resize", "window"])
        #expect(card.parameters.map(\.1) == ["null", "96", "[128,128]", "\"hann\""])
    }

    @Test func anOlderCardWithFewerFieldsReadsAsEmpty() throws {
        try #"{"shards": []}"#.write(toFile: directory.file("dataset.json"), atomically: true, encoding: .utf8)
        let card = try CardSummary.read(directory: directory.path)
        #expect(card.name == nil && card.labels == nil && card.shards?.isEmpty == true && card.parameters.isEmpty)
    }

    @Test func aMissingCardNamesTheFileAndWhatToRun() {
        #expect(
            throws: PicturesError(
                path: directory.file("dataset.json"), reason: "is missing",
                hint: "run `melshard build` into \(directory.path) first")
        ) {
            try CardSummary.read(directory: directory.path)
        }
    }

    @Test func aBrokenCardIsNotReadable() throws {
        try "{\"shards\": [{\"name\": 3}]".write(
            toFile: directory.file("dataset.json"), atomically: true, encoding: .utf8)
        do {
            _ = try CardSummary.read(directory: directory.path)
            Issue.record("a broken card was read")
        } catch {
            #expect(error.path == directory.file("dataset.json"))
            #expect(error.reason.hasPrefix("is not a readable dataset card: "))
            #expect(error.description.hasPrefix(directory.file("dataset.json") + ": is not a readable dataset card"))
        }
    }
}
