import Foundation
import Train
import XCTest

final class MetricsLogTests: XCTestCase {
    func testTruncateForgetsWhatAResumeRedoes() throws {
        let path = NSTemporaryDirectory() + "metrics-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try MetricsLog(path: path)
        for step in 1...6 {
            try log.append(
                MetricsLog.Step(
                    step: step, epoch: (step - 1) / 3, loss: 1 / Double(step), accuracy: 0.5,
                    learningRate: 1e-3, samplesPerSecond: 100))
        }
        try log.append(
            MetricsLog.Epoch(
                epoch: 0, step: 3, trainLoss: 0.6, trainAccuracy: 0.5, validationLoss: nil,
                validationAccuracy: nil, learningRate: 1e-3, seconds: 1))
        try log.append(
            MetricsLog.Epoch(
                epoch: 1, step: 6, trainLoss: 0.2, trainAccuracy: 0.5, validationLoss: 0.3,
                validationAccuracy: 0.75, learningRate: 1e-3, seconds: 1))
        try log.truncate(after: 4)
        let reopened = try MetricsLog(path: path)
        XCTAssertEqual(try reopened.steps().map(\.step), [1, 2, 3, 4])
        XCTAssertEqual(try reopened.epochs().map(\.epoch), [0])
        XCTAssertEqual(try reopened.epochs().first?.validationLoss, nil)
    }
}
