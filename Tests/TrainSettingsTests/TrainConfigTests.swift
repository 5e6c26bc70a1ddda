import Foundation
import TrainSettings
import XCTest

final class TrainConfigTests: XCTestCase {
    func testEveryBadSettingIsNamedWithItsKey() {
        var config = TrainConfig(model: "small-cnn")
        config.learningRate = .nan
        config.batchSize = 0
        config.schedule = .logLinear
        config.threads = 0
        let problems = config.problems().map(\.description)
        XCTAssertEqual(
            problems,
            [
                "batch_size = 0: must be at least 1",
                "learning_rate = nan: must be a finite number above 0",
                "schedule = \"log-linear\": needs final_learning_rate",
                "threads = 0: must be in 1 … 256",
            ])
    }

    func testDefaultsPassAndAPartialTableKeepsThem() throws {
        XCTAssertEqual(TrainConfig(model: "small-cnn").problems(), [])
        let partial = try JSONDecoder().decode(
            TrainConfig.self, from: Data(#"{"learning_rate": 0.0005, "schedule": "plateau"}"#.utf8))
        var expected = TrainConfig(model: "")
        expected.learningRate = 0.0005
        expected.schedule = .plateau
        XCTAssertEqual(partial, expected)
    }

    func testJSONRoundTripKeepsEverySetting() throws {
        var config = TrainConfig(model: "small-cnn")
        config.finalLearningRate = 1e-5
        config.fold = 3
        config.clipNorm = 5
        config.batches = .nonMixed
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = try encoder.encode(config)
        XCTAssertEqual(try JSONDecoder().decode(TrainConfig.self, from: json), config)
        XCTAssertTrue(String(decoding: json, as: UTF8.self).contains(#""batches":"non-mixed""#))
        XCTAssertEqual(Set(TrainConfig.keys).count, TrainConfig.keys.count)
        XCTAssertTrue(TrainConfig.keys.contains("early_stopping_patience"))
    }
}
