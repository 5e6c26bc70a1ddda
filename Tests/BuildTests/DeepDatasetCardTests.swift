import Foundation
import TestSupport
import Testing

/// Issue 17, defect 6 asks whether any other reader of shared files recurses without a limit.
/// `dataset.json` is read with Foundation's JSON parser, which stops at 512 levels; this keeps
/// it that way: a card nested 20,000 deep is an error naming the card, not a crash.
@Suite struct DeepDatasetCardTests {
    @Test(arguments: ["[", "{\"a\":"])
    func aCardNestedTwentyThousandDeepIsRefusedWithoutCrashing(_ opening: String) throws {
        let directory = TemporaryDirectory("deep-card")
        let closing = opening == "[" ? "]" : "}"
        let card = String(repeating: opening, count: 20_000) + "1" + String(repeating: closing, count: 20_000)
        try card.write(toFile: directory.file("dataset.json"), atomically: true, encoding: .utf8)
        let outcome = try Melshard.run(["train", directory.path, "--model", "small-cnn", "--epochs", "1"])
        #expect(!outcome.killedBySignal)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("dataset.json"), "\(outcome.stderr)")
    }
}
