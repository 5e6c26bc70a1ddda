import Align
import ArgumentParser
import Foundation

extension Melshard {
    /// `melshard align`: word alignment in sentence recordings, and its benchmark.
    struct AlignCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "align",
            abstract: "Find where words sit in sentence recordings, and measure how well each method does.",
            discussion: "Methods, confidence and crop policy: docs/align.md.",
            subcommands: [Generate.self, Evaluate.self, Synthesize.self])
    }
}
