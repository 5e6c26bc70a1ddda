import Demo
import Foundation

/// What `melshard demo` prints: per corpus what was built and where, what training on it gave,
/// its classes per split, and then the commands to look at it.
enum DemoSummary {
    static func text(_ datasets: [DemoRun.Dataset], output: String, seconds: Double) -> String {
        var lines = [
            "melshard demo: 2 synthesised corpora built with the studies' recipes, and a network trained, in "
                + "\(String(format: "%.1f", seconds)) s"
        ]
        for d in datasets {
            let r = d.build
            lines.append("")
            lines.append("\(d.title)")
            lines.append("  corpus   \(relative(d.corpus, output))")
            lines.append("  recipe   \(relative(d.recipe, output))  (\(d.studyRecipe), shortened: see its header)")
            lines.append(
                "  built    \(relative(d.output, output)): \(r.clips) clips \(d.shape) \(d.dtype) in \(r.shards) shards, "
                    + "\(r.rejects) rejects, \(r.rebuilt) units rebuilt, \(r.reused) reused")
            lines.append(
                "  verify   "
                    + (d.verify.ok ? "\(d.verify.shardsChecked) shards intact" : "\(d.verify.damaged.count) problem(s)")
            )
            if let t = d.training {
                let test =
                    t.result.testAccuracy.map {
                        String(format: "test accuracy %.3f on %d clips", $0, t.result.testClips)
                    } ?? "no test split"
                lines.append(
                    "  trained  \(t.model) (\(t.parameters) parameters), \(t.result.epochs) epochs in "
                        + String(format: "%.1f s", t.seconds) + ": \(test) -> \(relative(t.run, output))")
            }
            let splits = ["train", "validation", "test"].filter { d.clips[$0] != nil }
            let width = max(5, d.labels.map(\.count).max() ?? 0)
            lines.append(
                "  " + "class".padding(toLength: width, withPad: " ", startingAt: 0)
                    + splits.map { pad($0, 11) }.joined() + pad("all", 6))
            for label in d.labels {
                let counts = splits.map { d.clips[$0]?[label] ?? 0 }
                lines.append(
                    "  " + label.padding(toLength: width, withPad: " ", startingAt: 0)
                        + counts.map { pad(String($0), 11) }.joined()
                        + pad(String(counts.reduce(0, +)), 6))
            }
        }
        if let first = datasets.first, let speech = datasets.last {
            let g = relative(first.output, output), s = relative(speech.output, output)
            let genre = first.labels.last ?? "metal"
            lines += [
                "", "Look at it:",
                "  melshard status \(g)",
                "  melshard inspect \(g) --clip \(first.firstClip) --png \(output)/clip-\(first.firstClip).png",
                "  melshard inspect \(g) --class \(genre) --grid \(output)/\(genre).png",
                "  melshard report \(g)          # writes \(g)/report.html",
                "  melshard report \(s)",
                "  melshard train \(s)          # the recipe's [train] run: complete, so it prints its result",
                "  python3 -c 'from safetensors.numpy import load_file; import json; c = json.load(open(\"\(g)/dataset.json\")); "
                    + "print(load_file(\"\(g)/\" + c[\"shards\"][0][\"file\"])[\"features\"].shape)'",
            ]
        }
        return lines.joined(separator: "\n")
    }

    /// `path` as the user named the output folder, when it is inside it.
    private static func relative(_ path: String, _ output: String) -> String {
        let root = absolute(output)
        return path.hasPrefix(root) ? output + path.dropFirst(root.count) : path
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - text.count)) + text
    }
}
