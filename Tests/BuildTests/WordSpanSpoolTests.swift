import Foundation
import Index
import Testing

@testable import Build

/// A real build's `word_spans` rows wait in a scratch file from align until the plan is
/// recorded (docs/build.md, "Memory"): they must come back as they were made, in order.
@Suite struct WordSpanSpoolTests {
    @Test func rowsComeBackInOrderWithTheirWordsMethodsAndScores() throws {
        let spool = try WordSpanSpool(directory: NSTemporaryDirectory())
        // Past three read blocks, so the iterator refills; words repeat, a method and a score may be absent.
        let words = ["yes", "no", "épée", ""]
        let methods = ["synthesized", "forced", "proportional"]
        let rows = (0..<5_000).map { (i: Int) -> WordSpanRow in
            let start = Double(i) * 0.125
            let score: Double? = i % 5 == 0 ? nil : -Double(i) / 7
            let method: String? = i % 7 == 0 ? nil : methods[i % 3]
            return WordSpanRow(
                sourceID: Int64(i / 4) - 3, word: words[i % 4], startSeconds: start, endSeconds: start + 0.3,
                score: score, method: method)
        }
        for row in rows { try spool.append(row) }
        #expect(Array(try spool.finish()) == rows)
    }

    @Test func noRowsReadBackAsNone() throws {
        let spool = try WordSpanSpool(directory: NSTemporaryDirectory())
        #expect(Array(try spool.finish()).isEmpty)
    }
}
