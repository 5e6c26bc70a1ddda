import Foundation
import Safetensors
import Train
import XCTest

/// Each way a build output can be unusable gives one line naming the file and the fix.
final class DataErrorTests: XCTestCase {
    func open(_ out: String) throws -> ShardDataset { try ShardDataset(outputDirectory: out) }

    func assertError(
        _ out: String, _ code: DataError.Code, _ text: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try open(out), file: file, line: line) { error in
            XCTAssertEqual((error as? DataError)?.code, code, "\(error)", file: file, line: line)
            XCTAssertTrue("\(error)".contains(text), "\(error)", file: file, line: line)
            XCTAssertFalse("\(error)".contains("\n"), "one line", file: file, line: line)
        }
    }

    func plain() throws -> String {
        try SyntheticOutput([("train-a", "train", 6), ("test-a", "test", 3)]).write(for: self)
    }

    func testMissingCard() throws {
        let out = try plain()
        try FileManager.default.removeItem(atPath: out + "/dataset.json")
        assertError(
            out, .missingCard,
            "\(out)/dataset.json: no dataset card; is this a melshard build output? "
                + "Make one with `melshard build RECIPE --out \(out)`")
    }

    func testCardThatIsNotJSON() throws {
        let out = try plain()
        try Data("{\"format\": ".utf8).write(to: URL(fileURLWithPath: out + "/dataset.json"))
        assertError(
            out, .unreadableCard,
            "dataset.json: not a JSON object; rebuild it with `melshard build RECIPE --out \(out)`")
    }

    func testCardOfAnotherFormatOrVersion() throws {
        let out = try plain()
        let path = out + "/dataset.json"
        var card =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        card["format"] = "something-else"
        try JSONSerialization.data(withJSONObject: card).write(to: URL(fileURLWithPath: path))
        assertError(out, .wrongFormat, "format is something-else, not \"melshard-dataset\"")
        card["format"] = "melshard-dataset"
        card["format_version"] = 9
        try JSONSerialization.data(withJSONObject: card).write(to: URL(fileURLWithPath: path))
        assertError(out, .wrongFormat, "format_version 9; this melshard reads 1")
        card["format_version"] = 1
        card["features"] = ["dtype": "float16", "layout": "clip,band,frame"]
        try JSONSerialization.data(withJSONObject: card).write(to: URL(fileURLWithPath: path))
        assertError(out, .unreadableCard, "field features.shape is missing")
    }

    func testListedShardMissing() throws {
        let out = try plain()
        try FileManager.default.removeItem(atPath: out + "/shards/test-a.safetensors")
        assertError(
            out, .missingShard,
            "shards/test-a.safetensors: listed in dataset.json but not on disk; "
                + "run `melshard verify \(out)`")
    }

    func testTruncatedShard() throws {
        let out = try plain()
        let path = out + "/shards/train-a.safetensors"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: path))
        assertError(out, .damagedShard, "train-a.safetensors: not a valid safetensors file")
    }

    func testShardWhoseShapeDisagreesWithTheCard() throws {
        var spec = SyntheticOutput([("train-a", "train", 6)])
        let out = try spec.write(for: self)
        spec.frames = 5
        let other = try spec.write(for: self)
        try FileManager.default.removeItem(atPath: out + "/shards/train-a.safetensors")
        try FileManager.default.copyItem(
            atPath: other + "/shards/train-a.safetensors", toPath: out + "/shards/train-a.safetensors")
        assertError(
            out, .mismatchedShard,
            "train-a.safetensors: tensor \"features\" is F16 [6, 3, 5], expected F16 [6, 3, 4] "
                + "(dataset.json disagrees with the shard)")
    }

    func testEmptySplit() throws {
        let dataset = try open(try plain())
        XCTAssertThrowsError(try dataset.loader(.validation, LoaderOptions(batchSize: 2, order: .sequential))) {
            error in
            XCTAssertEqual((error as? DataError)?.code, .emptySplit)
            XCTAssertTrue(
                "\(error)".hasSuffix(
                    "dataset.json: validation split has no clips; "
                        + "give the recipe's [splits] a validation share and rebuild"), "\(error)")
        }
    }

    func testKFoldBuildWithoutFoldsTensor() throws {
        let out = try plain()
        let path = out + "/dataset.json"
        var card =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        card["balance"] = ["folds": 5]
        try JSONSerialization.data(withJSONObject: card).write(to: URL(fileURLWithPath: path))
        assertError(out, .mismatchedShard, "a 5-fold build whose shards carry no folds tensor")
    }
}
