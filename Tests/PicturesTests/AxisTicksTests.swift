import Testing

@testable import Pictures

/// Ticks fall on 1, 2 or 5 times a power of ten, inside the range, without float noise; labels
/// are short.
@Suite struct AxisTicksTests {
    @Test func ticksAreRound() {
        #expect(AxisTicks.linear(0, 5, count: 5) == [0, 1, 2, 3, 4, 5])
        #expect(AxisTicks.linear(0, 0.99, count: 5) == [0, 0.2, 0.4, 0.6, 0.8])
        #expect(AxisTicks.label(2000, thousands: true) == "2k" && AxisTicks.label(0.25) == "0.25")
    }

    @Test func theStepIsTheFirstRoundOneAtLeastTheRawStep() {
        // Raw step 85 / 6 ≈ 14.2: 10 is too small, 20 is the first of 10, 20, 50, 100 that is not.
        #expect(AxisTicks.linear(12, 97, count: 6) == [20, 40, 60, 80])
        // Raw step 2 is itself round; the ticks start at the first multiple inside the range.
        #expect(AxisTicks.linear(-3, 7, count: 5) == [-2, 0, 2, 4, 6])
        // Raw step 0.3 → 0.5.
        #expect(AxisTicks.linear(0.1, 1.6, count: 5) == [0.5, 1, 1.5])
        // Raw step 3000 → 5000, and the top end counts when it is a tick.
        #expect(AxisTicks.linear(0, 15_000, count: 5) == [0, 5000, 10_000, 15_000])
    }

    @Test func multiplesOfAFractionalStepCarryNoFloatNoise() {
        let ticks = AxisTicks.linear(0, 1.27, count: 8)
        #expect(ticks == [0, 0.2, 0.4, 0.6, 0.8, 1, 1.2])
        #expect(ticks.map { AxisTicks.label($0) } == ["0", "0.2", "0.4", "0.6", "0.8", "1", "1.2"])
        #expect(AxisTicks.linear(0.0003, 0.0011, count: 3) == [0.0005, 0.001])
    }

    @Test func anEmptyOrReversedRangeIsItsLowEnd() {
        #expect(AxisTicks.linear(3, 3) == [3])
        #expect(AxisTicks.linear(5, 1) == [5])
        #expect(AxisTicks.linear(0, 1, count: 0) == [0])
        // A range too narrow to hold a multiple of its step.
        #expect(AxisTicks.linear(0.31, 0.39, count: 1) == [0.31])
    }

    @Test func frequencyTicksAreThe125SeriesInsideTheRange() {
        #expect(AxisTicks.frequencies(50, 3000) == [100, 200, 500, 1000, 2000])
        #expect(AxisTicks.frequencies(0, 11_025) == [0, 100, 200, 500, 1000, 2000, 5000, 10_000])
        #expect(AxisTicks.frequencies(600, 900).isEmpty)
    }

    @Test func labelsAreShort() {
        #expect(AxisTicks.label(10_000, thousands: true) == "10k")
        #expect(AxisTicks.label(2500, thousands: true) == "2.5k")
        #expect(AxisTicks.label(500, thousands: true) == "500")
        #expect(AxisTicks.label(2500) == "2500")
        #expect(AxisTicks.label(-2) == "-2")
        #expect(AxisTicks.label(0.1 + 0.2) == "0.3")
        #expect(AxisTicks.label(1 / 3) == "0.33")
        #expect(AxisTicks.label(12.5) == "12.5")
    }
}
