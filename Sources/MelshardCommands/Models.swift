import ArgumentParser
import Foundation
import Train

/// `melshard models`: every network `melshard train --model` knows, with its study, input,
/// outputs and parameter counts.
struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the networks: study, input shape, outputs and parameter counts.",
        discussion: """
            Counts are for each study's own number of outputs unless --classes is given. \
            "trainable" is what an optimiser updates (sum(p.numel() for p in model.parameters())); \
            "with statistics" adds the float buffers (batch norm's running mean and variance, an input \
            normalisation's statistics), every float of the state_dict. A network that takes any input \
            (small-cnn) is counted on 1 × 32 × 32; its count does not depend on it.
            """)

    @Option(help: "Outputs of every network (default: each study's own; 10 for small-cnn).")
    var classes: Int?

    @Flag(help: "Print a JSON list (name, study, input_shape, outputs, trainable_parameters, …).")
    var json = false

    func validate() throws {
        if let classes, classes < 1 { throw ValidationError("--classes \(classes): expected 1 or more") }
    }

    func run() throws {
        let descriptions = NetworkRegistry.entries.map { NetworkDescription($0, classes: classes) }
        if json {
            print(String(decoding: try JSONOutput.encode(descriptions), as: UTF8.self))
        } else {
            print(Self.table(descriptions))
        }
    }

    /// The aligned table `melshard models` (and `melshard train --list-models`) prints.
    static func table(_ descriptions: [NetworkDescription]) -> String {
        let header = ["model", "study", "task", "input", "outputs", "trainable", "with statistics"]
        let rows = descriptions.map { d in
            [
                d.name, d.study ?? "-", d.task,
                d.inputShape.map { $0.map(String.init).joined(separator: "×") } ?? "any",
                String(d.outputs), grouped(d.trainableParameters), grouped(d.parametersWithStatistics),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                // Numbers align right, names left.
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column >= 4 ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var lines = [line(header)] + rows.map(line) + [""]
        for d in descriptions { lines.append("\(d.name): \(d.summary)") }
        return lines.joined(separator: "\n")
    }

    /// 3275312 → "3,275,312".
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
