import ArgumentParser
import AudioDSP
import Foundation
import MelshardCore

extension Melshard {
    /// `melshard mel`: one file's features as a NumPy array, for checking against librosa.
    struct Mel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute one audio file's features and write them as a float32 .npy file.",
            discussion: """
                The array has shape [bands, frames], or [height, width] after --resize. A preset sets \
                every parameter; each option below overrides one. With --offset/--duration the \
                region is cut from the whole file's resampled signal, exactly as a build cuts clips. A \
                mel spectrogram without --resize is computed and written block by block, so a file of \
                any length takes the same memory; --resize and the cochleagram compute the whole \
                matrix in memory.
                """)

        @Argument(help: "An audio file libsndfile reads (WAV, FLAC, OGG, Opus, MP3, AU, AIFF).")
        var audio: String

        @OptionGroup var features: FeatureOptions

        @Option(parsing: .unconditional, help: "Start of the region in seconds (default 0).")
        var offset: Double?
        @Option(parsing: .unconditional, help: "Length of the region in seconds (default: to the end).")
        var duration: Double?

        @Option(name: [.short, .customLong("output")], help: "Where to write the .npy file.")
        var output: String

        @Flag(help: "Compute the whole matrix in memory rather than block by block (same array; for comparison).")
        var inMemory = false

        func validate() throws {
            if let offset, offset < 0 || !offset.isFinite {
                throw ValidationError("--offset must be a number of seconds ≥ 0")
            }
            if let duration, duration <= 0 || !duration.isFinite {
                throw ValidationError("--duration must be a number of seconds > 0")
            }
        }

        func run() throws {
            let parameters = try features.parameters()
            if !inMemory && StreamedFeatureFile.supports(parameters) {
                let written = try StreamedFeatureFile.write(
                    audio, parameters: parameters, offset: offset, duration: duration, to: output)
                print("\(output): float32 \(written.shape) from \(written.samples) samples at \(written.sampleRate) Hz")
                return
            }
            let loader = AudioLoader(parameters)
            let audio =
                if offset != nil || duration != nil {
                    try loader.load(audio, offset: offset ?? 0, duration: duration)
                } else {
                    try loader.load(audio)
                }
            let matrix = try FeatureExtractor(parameters).features(audio.samples)
            try Npy.write(matrix, to: output)
            print("\(output): float32 \(matrix.shape) from \(audio.samples.count) samples at \(audio.sampleRate) Hz")
        }
    }
}
