import Align
import Foundation
import Testing

@Suite struct DTWTests {
    /// A smooth 1-D "feature" sequence with distinct values.
    private func feature(_ t: Double) -> Double {
        let a: Double = 3 * sin(t * 0.21)
        let b: Double = 5 * sin(t * 0.057)
        return a + b + t * 0.02
    }

    @Test(arguments: [0.6, 1.0, 1.7])
    func recoversAUniformWarp(speed: Double) {
        let n = 200
        let m = Int(Double(n) * speed)
        let x = (0..<n).map { feature(Double($0)) }
        let y = (0..<m).map { feature(Double($0) / speed) }
        let path = DTW.align(xCount: n, yCount: m) { abs(x[$0] - y[$1]) }
        #expect(path.pairs.first! == (0, 0) && path.pairs.last! == (n - 1, m - 1))
        for i in stride(from: 10, to: n - 10, by: 10) {
            let range = path.yRange(forX: i)!
            let expected = Double(i) * speed
            #expect(
                abs(Double(range.lowerBound + range.upperBound) / 2 - expected) <= speed + 1,
                "x \(i) → \(range), expected \(expected)")
        }
    }

    @Test func recoversAPiecewiseWarp() {
        // y: the first half of x slowed by 2, the second half sped up by 2.
        let n = 200
        let x = (0..<n).map { feature(Double($0)) }
        let warp: (Int) -> Double = { j in j < 200 ? Double(j) / 2 : 100 + Double(j - 200) * 2 }
        let y = (0..<250).map { feature(warp($0)) }
        let path = DTW.align(xCount: n, yCount: y.count) { abs(x[$0] - y[$1]) }
        for (i, expected) in [(50, 100.0), (100, 200.0), (150, 225.0)] {
            let r = path.yRange(forX: i)!
            #expect(abs(Double(r.lowerBound + r.upperBound) / 2 - expected) <= 3, "x \(i) → \(r)")
        }
        // Where y runs twice as fast, it skips every other value of x: small but nonzero cost.
        #expect(path.meanCost < 0.3)
    }

    @Test func openStartSkipsLeadingFrames() {
        let x = (0..<100).map { feature(Double($0)) }
        let y = [Double](repeating: 40, count: 20) + x  // 20 frames of something unlike x first
        let path = DTW.align(xCount: x.count, yCount: y.count, startSlack: 30) { abs(x[$0] - y[$1]) }
        #expect(path.pairs.first!.y == 20)
        #expect(path.meanCost < 1e-9)
    }
}
