import Testing

@testable import Balance

/// `ClipQuota.share` on its own: the planner tests reach it only through whole plans.
@Suite struct ClipQuotaTests {
    @Test func sharesEvenlyWithTheExtraToTheFirstSources() {
        #expect(ClipQuota.share(10, capacities: [9, 9, 9]) == [4, 3, 3])
    }

    @Test func aSourceThatHoldsLessPassesTheRestToTheOthers() {
        #expect(ClipQuota.share(10, capacities: [1, 5, 5]) == [1, 5, 4])
        #expect(ClipQuota.share(7, capacities: [0, 2, 9]) == [0, 2, 5])
    }

    @Test func capacitiesThatHoldTooFewGiveWhatTheyHold() {
        #expect(ClipQuota.share(10, capacities: [2, 3]) == [2, 3])
        #expect(ClipQuota.share(5, capacities: [0, 0]) == [0, 0])
        #expect(ClipQuota.share(0, capacities: [4, 4]) == [0, 0])
    }
}
