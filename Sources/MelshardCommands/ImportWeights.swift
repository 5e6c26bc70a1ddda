import ArgumentParser
import Foundation
import Train

/// `melshard import-weights MODEL FILE.safetensors`: weights trained in PyTorch, checked
/// against a network and written as a run folder melshard's readers take.
struct ImportWeights: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-weights",
        abstract: "Turn a PyTorch state_dict (safetensors) into a melshard run folder, checking every tensor.",
        discussion: """
            FILE is a state_dict saved with safetensors.torch.save_file(model.state_dict(), FILE) from the \
            network's PyTorch twin (scripts/bench/torch_train.py). Every name and shape is checked as \
            load_state_dict(strict=True) does, and every tensor that differs is listed (missing, unexpected, \
            wrong shape, wrong dtype); nothing is written then. F16, BF16 and F64 tensors are converted to \
            float32. Writes OUT/config.json and OUT/checkpoints/best/ (and step-00000000/): docs/train.md, \
            "Interchange with PyTorch". .pt files are not read: save with safetensors.
            """)

    @Argument(help: "The network (melshard models).")
    var model: String

    @Argument(help: "The weights: a safetensors file of the network's state_dict.")
    var file: String

    @Option(help: "The network's outputs (default: its study's own; 10 for small-cnn).")
    var classes: Int?

    @Option(help: "The run folder to write, new or empty (default runs/MODEL-imported).")
    var out: String?

    @Flag(help: "Print the result as JSON (the folder, the model, the conversions).")
    var json = false

    func validate() throws {
        if let classes, classes < 1 { throw ValidationError("--classes \(classes): expected 1 or more") }
        if file.hasSuffix(".pt") || file.hasSuffix(".pth") {
            throw ValidationError(
                "\(file): .pt files are pickles, which melshard does not read; in PyTorch, "
                    + "safetensors.torch.save_file(torch.load(\"\(file)\"), \"weights.safetensors\") converts one")
        }
    }

    struct Summary: Encodable {
        var run: String
        var best: String
        var model: String
        var classes: Int
        var parameters: Int
        var converted: [String: Int]
    }

    func run() throws {
        let weights: WeightImport
        do { weights = try WeightImport(model: model, classes: classes, file: absolute(file)) } catch {
            // Every difference on its own line, then the one-line summary as the error.
            for mismatch in error.mismatches {
                FileHandle.standardError.write(Data((TerminalText.escaped("  \(mismatch)") + "\n").utf8))
            }
            throw error
        }
        let folder = RunFolder(path: absolute(out ?? "runs/\(model)-imported"))
        let best = try weights.write(to: folder)
        let summary = Summary(
            run: folder.path, best: best, model: model, classes: weights.classes,
            parameters: weights.network.parameterCount, converted: weights.conversions)
        if json {
            print(String(decoding: try JSONOutput.encode(summary), as: UTF8.self))
        } else {
            let converted =
                weights.conversions.isEmpty
                ? ""
                : ", converted to float32: "
                    + weights.conversions.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(
                        separator: ", ")
            print(
                "\(folder.path): \(model) (\(summary.parameters) parameters, \(weights.classes) outputs) "
                    + "from \(weights.source)\(converted); weights in \(best)")
        }
    }
}
