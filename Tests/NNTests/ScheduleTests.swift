import Foundation
import NN
import XCTest

/// The rates of `count` periods: `learningRate` before each `advance`, as a trainer reads them.
private func rates<S: LearningRateSchedule>(_ schedule: inout S, _ count: Int, metrics: [Double]? = nil) -> [Double] {
    (0..<count).map { period in
        defer { schedule.advance(metric: metrics?[period]) }
        return schedule.learningRate
    }
}

final class ScheduleTests: XCTestCase {
    func testConstant() {
        var s = ConstantSchedule(0.01)
        XCTAssertEqual(rates(&s, 4), [0.01, 0.01, 0.01, 0.01])
        XCTAssertEqual(s.state.count, 4)
    }

    func testStepHalvesEveryThreePeriods() {
        var s = StepSchedule(initial: 0.1, stepSize: 3, gamma: 0.5)
        XCTAssertEqual(rates(&s, 8), [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025])
    }

    func testExponential() {
        var s = ExponentialSchedule(initial: 1, gamma: 0.5)
        XCTAssertEqual(rates(&s, 4), [1, 0.5, 0.25, 0.125])
    }

    func testLinearAndLogLinearDecay() {
        var linear = InterpolatedDecay(from: 5e-4, to: 1e-5, over: 4)
        let l = rates(&linear, 6)
        for (a, b) in zip(l, [5e-4, 3.775e-4, 2.55e-4, 1.325e-4, 1e-5, 1e-5]) { XCTAssertEqual(a, b, accuracy: 1e-15) }
        // Geometric: the same factor (1e-5/5e-4)^(1/4) every period, then the end rate.
        var geometric = InterpolatedDecay(from: 5e-4, to: 1e-5, over: 4, shape: .logLinear)
        let g = rates(&geometric, 6)
        let factor = pow(1e-5 / 5e-4, 0.25)
        for k in 1..<5 { XCTAssertEqual(g[k] / g[k - 1], factor, accuracy: 1e-12, "period \(k)") }
        XCTAssertEqual(g[4], 1e-5)
        XCTAssertEqual(g[5], 1e-5)
    }

    func testPlateauHalvesAfterPatienceBadPeriods() {
        var s = ReduceLROnPlateau(initial: 0.01, patience: 2)
        // 0.70 → 0.69995 is below the 1e-4 relative threshold: not an improvement.
        let metrics = [1.0, 0.8, 0.7, 0.7, 0.69995, 0.71, 0.72, 0.6, 0.6, 0.6, 0.6]
        XCTAssertEqual(
            rates(&s, metrics.count, metrics: metrics),
            [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005, 0.005])
        XCTAssertEqual(s.state.best, 0.6)
        // The 11th metric was the third bad one in a row: halved again, and the count restarts.
        XCTAssertEqual(s.learningRate, 0.0025)
        XCTAssertEqual(s.state.badPeriods, 0)
    }

    func testPlateauCooldownMinimumAndModeMax() {
        var s = ReduceLROnPlateau(initial: 1, mode: .max, factor: 0.1, patience: 0, cooldown: 1, minimum: 0.05)
        // Accuracy: each non-improvement lowers the rate at once (patience 0), except during the
        // one cooldown period after a reduction; never below the minimum.
        let metrics = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.9]
        XCTAssertEqual(rates(&s, metrics.count, metrics: metrics), [1, 1, 0.1, 0.1, 0.05, 0.05, 0.05])
    }

    func testNaNMetricIsABadPeriodAndNeverTheBest() {
        var s = ReduceLROnPlateau(initial: 1, patience: 0)
        s.advance(metric: .nan)
        XCTAssertNil(s.state.best)
        XCTAssertEqual(s.learningRate, 0.5)
        s.advance(metric: -.infinity)
        XCTAssertNil(s.state.best)
    }

    func testEverySchedulesStateRoundTripsThroughJSONAndResumes() throws {
        let metrics = [3.0, 2.0, 2.0, 2.0, 2.5, 1.0, 1.0, 1.0, 1.0, 1.0]
        let makers: [() -> any LearningRateSchedule] = [
            { ConstantSchedule(0.1) },
            { StepSchedule(initial: 0.1, stepSize: 2, gamma: 0.3) },
            { ExponentialSchedule(initial: 0.1, gamma: 0.9) },
            { InterpolatedDecay(from: 0.1, to: 0.001, over: 7) },
            { InterpolatedDecay(from: 0.1, to: 0.001, over: 7, shape: .logLinear) },
            { ReduceLROnPlateau(initial: 0.1, patience: 1, cooldown: 1) },
        ]
        for make in makers {
            var straight = make()
            var expected = [Double]()
            for m in metrics {
                expected.append(straight.learningRate)
                straight.advance(metric: m)
            }
            var first = make()
            var got = [Double]()
            for m in metrics[0..<4] {
                got.append(first.learningRate)
                first.advance(metric: m)
            }
            let json = try JSONEncoder().encode(first.state)
            var resumed = make()
            try resumed.restore(try JSONDecoder().decode(LearningRateScheduleState.self, from: json))
            for m in metrics[4...] {
                got.append(resumed.learningRate)
                resumed.advance(metric: m)
            }
            XCTAssertEqual(got, expected, "\(type(of: straight))")
            XCTAssertEqual(resumed.state, straight.state, "\(type(of: straight))")
        }
    }

    func testRestoreRejectsImpossibleState() {
        var s = StepSchedule(initial: 0.1, stepSize: 2)
        XCTAssertThrowsError(try s.restore(LearningRateScheduleState(count: -1, learningRate: 0.1))) { error in
            XCTAssertEqual((error as? OptimizerStateError)?.name, "lr_scheduler.count")
        }
        XCTAssertThrowsError(try s.restore(LearningRateScheduleState(count: 1, learningRate: .nan)))
        XCTAssertEqual(s.state.count, 0)
    }

    // MARK: Early stopping

    func testEarlyStoppingOnAScriptedValidationLoss() {
        var stopper = EarlyStopping(patience: 3)
        let losses = [1.0, 0.8, 0.85, 0.8, 0.7, 0.71, 0.9, 0.75, 0.6]
        var decisions = [EarlyStopping.Decision]()
        for (epoch, loss) in losses.enumerated() {
            decisions.append(stopper.record(loss, epoch: epoch))
            if decisions.last == .stop { break }
        }
        // 0.8 again at epoch 3 ties the best and does not improve; after 0.7 (epoch 4) three
        // epochs without improvement stop the run at epoch 7, before 0.6 is seen.
        XCTAssertEqual(
            decisions,
            [.improved, .improved, .keepGoing, .keepGoing, .improved, .keepGoing, .keepGoing, .stop])
        XCTAssertEqual(stopper.state.bestEpoch, 4)
        XCTAssertEqual(stopper.state.best, 0.7)
        XCTAssertTrue(stopper.shouldStop)
    }

    func testEarlyStoppingModeMaxMinDeltaAndResume() throws {
        var stopper = EarlyStopping(patience: 2, mode: .max, minDelta: 0.01)
        XCTAssertEqual(stopper.record(0.50, epoch: 0), .improved)
        XCTAssertEqual(stopper.record(0.505, epoch: 1), .keepGoing)  // within minDelta
        let saved = try JSONEncoder().encode(stopper.state)
        var resumed = EarlyStopping(patience: 2, mode: .max, minDelta: 0.01)
        try resumed.restore(try JSONDecoder().decode(EarlyStopping.State.self, from: saved))
        XCTAssertEqual(resumed.record(.nan, epoch: 2), .stop)
        XCTAssertEqual(resumed.state.bestEpoch, 0)
        XCTAssertThrowsError(try resumed.restore(EarlyStopping.State(best: 1, bestEpoch: nil)))
    }
}
