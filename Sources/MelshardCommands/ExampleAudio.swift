import ArgumentParser
import Benchmarks
import SoundFile

extension Melshard {
    /// `melshard example-audio`: a file to try `melshard mel` on without downloading anything.
    struct ExampleAudio: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "example-audio",
            abstract: "Write a deterministic music-like example file (44.1 kHz stereo).")

        @Argument(help: "Where to write it; the extension picks the format (.wav, .flac, .ogg, .mp3, .au, .aiff).")
        var output: String
        @Option(parsing: .unconditional, help: "Length in seconds.")
        var seconds = 30.0
        @Option(
            parsing: .unconditional, help: "Seed of the generator: different seeds give different pieces.",
            transform: NumberArgument.seed)
        var seed: UInt64 = 440

        func validate() throws {
            guard seconds > 0 && seconds <= 3600 else { throw ValidationError("--seconds must be in (0, 3600]") }
            guard format != nil else {
                throw ValidationError("'\(output)' needs one of the extensions .wav, .flac, .ogg, .mp3, .au, .aiff")
            }
        }

        private var format: AudioFormat? {
            switch output.split(separator: ".").last?.lowercased() {
            case "wav": .wav16
            case "flac": .flac16
            case "ogg": .vorbis
            case "mp3": .mp3
            case "au": .au16
            case "aiff", "aif": .aiff16
            default: nil
            }
        }

        func run() throws {
            try SyntheticMusic.write(output, seconds: seconds, rate: 44100, seed: seed, format: format!)
            print("\(output): \(seconds) s of 44.1 kHz stereo example audio")
        }
    }
}
