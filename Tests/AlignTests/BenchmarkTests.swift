import Align
import EspeakNG
import Foundation
import TestSupport
import Testing

@Suite struct BenchmarkTests {
    @Test func espeakGivesWordStartsInOrder() throws {
        let synthesis = try Speaker(voice: "en-us").synthesize("The quick brown fox jumps.")
        #expect(synthesis.sampleRate > 0 && synthesis.duration > 0.8)
        #expect(synthesis.words.count >= 4)
        #expect(synthesis.words.map(\.startSample) == synthesis.words.map(\.startSample).sorted())
        #expect(synthesis.words.first?.characterOffset == 0)
    }

    /// The acceptance test: a small generated corpus (both synthesisers, MP3, noise,
    /// silences, artefacts), every method run on it.
    @Test func benchmarkOnASmallCorpus() throws {
        let dir = TemporaryDirectory("align-bench")
        let corpus = try CorpusGenerator(sentences: 24, seed: 7).generate(into: dir.path)
        #expect(FileManager.default.fileExists(atPath: dir.file("validated.tsv")))
        let timed = corpus.clips.flatMap { $0.words.compactMap { $0 } }
        #expect(timed.count > 150)
        #expect(Set(corpus.clips.map { $0.synthesizer.prefix(4) }) == ["espe", "fest"])

        var evaluation = AlignEvaluation()
        evaluation.jobs = 2
        let (allRows, calibration) = try evaluation.evaluate(BenchmarkCorpus.load(dir.path))
        let rows = allRows.filter { $0.subset == "all" }
        let byMethod = Dictionary(uniqueKeysWithValues: rows.map { ($0.method, $0) })
        let proportional = try #require(byMethod[.proportional])
        let trimmed = try #require(byMethod[.trimmed])
        #expect(trimmed.inCrop > proportional.inCrop)
        let best = try #require(rows.max { ($0.inCrop, -$0.medianErrorMs) < ($1.inCrop, -$1.medianErrorMs) })
        #expect(best.inCrop >= 0.99, "best (\(best.method)) keeps \(best.inCrop) in the crop")
        #expect(best.medianErrorMs <= 80, "best (\(best.method)) median centre error \(best.medianErrorMs) ms")
        // Builds use `synthesized`; another method winning must not hide it falling short.
        let synthesized = try #require(byMethod[.synthesized])
        #expect(synthesized.inCrop >= 0.99, "synthesized keeps \(synthesized.inCrop) in the crop")
        #expect(synthesized.medianErrorMs <= 80, "synthesized median centre error \(synthesized.medianErrorMs) ms")
        let forced = try #require(byMethod[.forced])
        #expect(forced.inCrop >= 0.99, "forced keeps \(forced.inCrop) in the crop")

        // Calibration: a higher threshold never lowers the in-crop share of the words kept, and
        // the lowest threshold keeps every word.
        for method in [AlignmentMethod.synthesized, .forced] {
            let curve = calibration.filter { $0.method == method && $0.subset == "all" && $0.kept > 0 }
            #expect(curve.first?.threshold == 0 && curve.first?.kept == 1)
            for (lower, higher) in zip(curve, curve.dropFirst()) {
                #expect(higher.inCrop >= lower.inCrop - 1e-12, "\(method) at \(higher.threshold): \(higher.inCrop)")
                #expect(higher.kept <= lower.kept)
            }
        }
    }
}
