import MelshardCore
import Testing

@testable import Balance

/// `Array.permute(takingFrom:)` rearranges in place what a gather (`order.map { self[$0] }`)
/// would make as a second array: the shard planner and the clip sort rely on it.
@Suite struct PermuteTests {
    @Test(arguments: [0, 1, 2, 63, 64, 65, 1000])
    func permutingInPlaceEqualsAGather(count: Int) {
        var random = SeededRandom(seed: 5, stream: UInt64(count))
        var order = (0..<Int32(count)).map { $0 }
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        let values = (0..<count).map { "value \($0)" }
        var permuted = values
        permuted.permute(takingFrom: order)
        #expect(permuted == order.map { values[Int($0)] })
        // The identity and a single cycle through every element.
        var same = values
        same.permute(takingFrom: (0..<Int32(count)).map { $0 })
        #expect(same == values)
        var rotated = values
        rotated.permute(takingFrom: (0..<Int32(count)).map { ($0 + 1) % Int32(max(1, count)) })
        #expect(rotated == (0..<count).map { values[($0 + 1) % max(1, count)] })
    }
}
