import Align
import ArgumentParser
import Foundation

extension Melshard.AlignCommand {
    /// `melshard align generate`: a Common-Voice-style corpus with true word timings.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Synthesise a Common-Voice-style benchmark corpus with true word timings.",
            discussion: """
                Reads template sentences with espeak-ng (libespeak-ng, several voices and rates) and festival \
                (kal voice, varied duration stretch), alternately; adds 0.2–2.5 s of leading silence, trailing \
                silence, noise at 10–35 dB SNR and sometimes a click or a breath; writes 48 kHz MP3 into \
                --out/clips with validated.tsv, truth.jsonl (true word times from the synthesisers' own timing) \
                and generator.json (settings and the measured MP3 decoder offset).
                """)

        @Option(help: "Where the corpus goes.")
        var out = "bench-out/align"
        @Option(parsing: .unconditional, help: "Sentences (clips) to make; about 9 timed words each.")
        var sentences = 120
        @Option(
            parsing: .unconditional, help: "Seed for sentences, voices, silences, noise and artefacts.",
            transform: NumberArgument.seed)
        var seed: UInt64 = 1
        @Flag(help: "Use espeak-ng only (no festival).")
        var noFestival = false

        func validate() throws {
            guard sentences >= 1 else { throw ValidationError("--sentences must be ≥ 1") }
        }

        func run() throws {
            // Made here so that an --out that cannot hold a folder fails as `PATH: reason` (the
            // generator would report Foundation's error dump).
            try FileManager.default.createDirectory(atPath: absolute(out) + "/clips", withIntermediateDirectories: true)
            var generator = CorpusGenerator(sentences: sentences, seed: seed)
            generator.includeFestival = !noFestival
            let corpus = try generator.generate(into: absolute(out)) { done, total in
                if done % 50 == 0 || done == total {
                    FileHandle.standardError.write(Data("[align generate] \(done)/\(total)\n".utf8))
                }
            }
            let words = corpus.clips.reduce(0) { $0 + $1.words.compactMap { $0 }.count }
            print("wrote \(corpus.clips.count) clips with \(words) timed words to \(corpus.directory)")
        }
    }
}
