import Align
import ArgumentParser
import Foundation

extension Melshard.AlignCommand {
    /// `melshard align evaluate`: every method against the corpus's true word timings.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run each alignment method on a generated corpus and report its errors.",
            discussion: """
                For every timed word: the median and 90th-percentile error of the word centre, the share of \
                words wholly inside the --clip crop centred on the estimate (clamped to the audio), the share \
                inside a --window window, and the share rejected by --min-confidence. Rows for all words and \
                for each family (synthesiser, or kind/condition on the real set of scripts/fetch-real-speech); \
                then, per method, the share kept and its in-crop share at confidence thresholds 0 to 0.9. \
                Generates the synthetic corpus first when --out holds none. With --real, a second corpus (the \
                real recordings of scripts/fetch-real-speech) is scored the same way and its rows follow, \
                their subsets prefixed "real:", so both sets stand side by side in one table.
                """)

        @Option(help: "The corpus directory (from `melshard align generate`).")
        var out = "bench-out/align"
        @Option(help: "A second corpus scored beside --out, e.g. the real set of scripts/fetch-real-speech.")
        var real: String?
        @Option(help: "Sentences to generate when --out holds no corpus.")
        var sentences = 120
        @Option(help: "Comma-separated methods: proportional, trimmed, synthesized, forced.")
        var methods = AlignmentMethod.allCases.map(\.rawValue).joined(separator: ",")
        @Option(help: "Crop length in seconds.")
        var clip = 2.0
        @Option(help: "The narrower window in seconds.")
        var window = 1.0
        @Option(help: "Confidence threshold for `synthesized`, `forced` and `trimmed` (proportional always reports 1).")
        var minConfidence = WordAligner.defaultMinimumConfidence
        @Option(help: "Worker threads.")
        var jobs = 2
        @Flag(help: "Print the result as JSON.")
        var json = false

        func validate() throws {
            let names = methods.split(separator: ",").map(String.init)
            guard !names.isEmpty, names.allSatisfy({ AlignmentMethod(rawValue: $0) != nil }) else {
                throw ValidationError(
                    "--methods takes a comma-separated list of: proportional, trimmed, synthesized, forced")
            }
            guard clip > 0, window > 0, jobs >= 1 else {
                throw ValidationError("--clip, --window and --jobs must be positive")
            }
        }

        func run() throws {
            let directory = absolute(out)
            if !FileManager.default.fileExists(atPath: "\(directory)/truth.jsonl") {
                _ = try CorpusGenerator(sentences: sentences).generate(into: directory)
            }
            var evaluation = AlignEvaluation(
                methods: methods.split(separator: ",").compactMap { AlignmentMethod(rawValue: String($0)) })
            evaluation.clipSeconds = clip
            evaluation.windowSeconds = window
            evaluation.jobs = jobs
            evaluation.minimumConfidence = [
                .synthesized: minConfidence, .trimmed: minConfidence, .forced: minConfidence,
            ]
            var (rows, calibration) = try score(try BenchmarkCorpus.load(directory), with: evaluation)
            if let real {
                let realDirectory = absolute(real)
                guard FileManager.default.fileExists(atPath: "\(realDirectory)/truth.jsonl") else {
                    throw ValidationError(
                        "--real \(real): no truth.jsonl there (make the set with scripts/fetch-real-speech)")
                }
                var (realRows, realCalibration) = try score(try BenchmarkCorpus.load(realDirectory), with: evaluation)
                for i in realRows.indices { realRows[i].subset = "real:" + realRows[i].subset }
                for i in realCalibration.indices { realCalibration[i].subset = "real:" + realCalibration[i].subset }
                rows += realRows
                calibration += realCalibration
            }
            if json {
                print(String(decoding: try JSONOutput.encode(rows), as: UTF8.self))
                return
            }
            print(AlignEvaluation.table(rows), terminator: "")
            print("\nKept share and in-crop share of the kept words (%) by confidence threshold:\n")
            print(AlignEvaluation.calibrationTable(calibration), terminator: "")
        }

        private func score(
            _ corpus: BenchmarkCorpus, with evaluation: AlignEvaluation
        ) throws -> (
            [AlignEvaluation.Row], [AlignEvaluation.CalibrationRow]
        ) {
            try evaluation.evaluate(corpus) { done, total in
                if done % 50 == 0 || done == total {
                    FileHandle.standardError.write(Data("[align evaluate] \(done)/\(total)\n".utf8))
                }
            }
        }
    }
}
