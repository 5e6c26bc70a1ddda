import Align
import ArgumentParser
import Foundation

extension Melshard.AlignCommand {
    /// `melshard align synthesize`: one reference reading in a fresh process (see `ReferenceVoice`).
    struct Synthesize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Read the sentence on standard input with espeak-ng; write samples and word starts to standard output (internal).",
            shouldDisplay: false)

        @Option(help: "espeak-ng voice or language tag (default: en-us).")
        var voice = "en-us"
        @Option(help: "Speaking rate in words per minute (default: 175).")
        var wordsPerMinute = 175
        @Option(help: "Base pitch 0–100 (default: 50).")
        var pitch = 50

        func run() throws {
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            let bytes = try ReferenceVoice.readAloud(text, voice: voice, wordsPerMinute: wordsPerMinute, pitch: pitch)
            FileHandle.standardOutput.write(Data(bytes))
        }
    }
}
