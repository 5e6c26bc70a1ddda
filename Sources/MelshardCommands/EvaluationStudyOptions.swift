import ArgumentParser
import Evaluate
import Foundation
import Train

/// What `evaluate lesion` and `evaluate similarity` share: the run, the split, how the network
/// runs, and where the files go.
struct EvaluationStudyOptions: ParsableArguments {
    @Argument(help: "A run folder of melshard train or melshard import-weights.")
    var folder: String

    @Option(help: "train, validation or test.")
    var split = "test"

    @Option(help: "Clips per batch.")
    var batchSize = 32

    @Option(help: "Threads for the kernels; results are the same for any count.")
    var threads = 1

    @Option(help: "The build output to measure on (default: the one the run trained on).")
    var output: String?

    @Option(name: .shortAndLong, help: "Where to write the files (default: a folder in RUN/evaluation/).")
    var out: String?

    @Flag(help: "Print the JSON file instead of the summary.")
    var json = false

    func validate() throws {
        guard Split(rawValue: split) != nil else {
            throw ValidationError("--split \(split): train, validation or test")
        }
        guard batchSize >= 1, threads >= 1 else { throw ValidationError("--batch-size and --threads take 1 or more") }
    }

    /// The run opened with its best weights, and a loader over the chosen split.
    func open() throws -> (run: LoadedRun, loader: DataLoader) {
        let run = try LoadedRun(folder: folder, output: output)
        return (run, try run.loader(Split(rawValue: split)!, batchSize: batchSize))
    }

    /// Writes `value` as the study's JSON file (snake_case keys) and returns its bytes.
    func save(_ value: some Encodable, to file: String) throws -> Data {
        let encoded = try JSONOutput.encode(value, snakeCaseKeys: true)
        try encoded.write(to: URL(fileURLWithPath: file), options: .atomic)
        return encoded
    }

    /// `--out`, or `RUN/evaluation/NAME`.
    func directory(_ name: String) -> String { out ?? folder + "/evaluation/" + name }
}
