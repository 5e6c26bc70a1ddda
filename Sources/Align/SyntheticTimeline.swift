import EspeakNG
import Foundation

/// Word spans in an espeak-ng synthesis, matched to a sentence's tokens.
///
/// espeak-ng reports where each word *starts*. A word ends where the next one starts, less any
/// silence between them: the clean synthetic signal is silent (more than `silenceDB` below its
/// peak) in pauses, so the end is pulled back to the last loud 10-ms frame. The benchmark
/// generator uses the same rule for its espeak-ng truth, so for that half of the corpus the
/// end convention is shared with `synthesized` by construction (festival's half is independent).
public enum SyntheticTimeline {
    public static let silenceDB = 35.0

    /// One span per token, in seconds of the synthesis.
    public static func spans(of synthesis: Synthesis, sentence: String, tokens: [Token]) -> [TimeSpan] {
        timeline(of: synthesis, sentence: sentence, tokens: tokens).spans
    }

    /// The spans, and for each token whether a word event of its own gave its start (false: the
    /// start was interpolated, so it is an estimate, not a measurement).
    public static func timeline(
        of synthesis: Synthesis, sentence: String,
        tokens: [Token]
    ) -> (spans: [TimeSpan], measured: [Bool]) {
        let rate = Double(synthesis.sampleRate)
        // espeak-ng counts characters as Unicode scalars; tokens count Characters.
        var scalarToCharacter: [Int] = []
        for (index, character) in sentence.enumerated() {
            scalarToCharacter.append(contentsOf: repeatElement(index, count: character.unicodeScalars.count))
        }
        var starts = [Double?](repeating: nil, count: tokens.count)
        for event in synthesis.words {
            guard event.characterOffset >= 0, event.characterOffset < scalarToCharacter.count else { continue }
            let c = scalarToCharacter[event.characterOffset]
            // The event belongs to the token it starts in, or the first token after it (espeak-ng
            // sometimes points at a leading quote).
            guard let t = tokens.firstIndex(where: { $0.span.upperBound > c }) else { continue }
            let time = Double(event.startSample) / rate
            if starts[t] == nil || time < starts[t]! { starts[t] = time }
        }
        let measured = starts.map { $0 != nil }
        let energy = frameEnergies(synthesis.samples, sampleRate: synthesis.sampleRate)
        let peak = energy.max() ?? 0
        let loud = energy.map { $0 > peak - silenceDB }
        let lastLoud = loud.lastIndex(of: true).map { Double($0 + 1) * 0.01 } ?? synthesis.duration
        fillGaps(&starts, tokens: tokens, end: lastLoud)
        var result: [TimeSpan] = []
        for i in tokens.indices {
            let start = starts[i]!
            let next = i + 1 < tokens.count ? starts[i + 1]! : lastLoud
            var endFrame = Int(next / 0.01)
            let startFrame = Int(start / 0.01)
            while endFrame - 1 > startFrame && endFrame - 1 < loud.count && !loud[endFrame - 1] { endFrame -= 1 }
            result.append(TimeSpan(start: start, end: max(start + 0.01, min(next, Double(endFrame) * 0.01))))
        }
        return (result, measured)
    }

    /// Tokens without a word event (a hyphenated word espeak-ng read as one) get a start by
    /// sharing the gap between known starts by syllables.
    private static func fillGaps(_ starts: inout [Double?], tokens: [Token], end: Double) {
        if starts.first! == nil { starts[0] = starts.compactMap { $0 }.first ?? 0 }
        var i = 0
        while i < starts.count {
            guard starts[i] == nil else { i += 1; continue }
            let a = i - 1
            var b = i
            while b < starts.count && starts[b] == nil { b += 1 }
            let from = starts[a]!
            let to = b < starts.count ? starts[b]! : end
            let weights = (a..<b).map { max(0.5, Syllables.estimate(tokens[$0].text)) }
            let total = weights.reduce(0, +)
            var cursor = from
            for k in (a + 1)..<b {
                cursor += (to - from) * weights[k - 1 - a] / total
                starts[k] = cursor
            }
            i = b
        }
    }

    /// 10-ms frame energies in dB.
    static func frameEnergies(_ samples: [Float], sampleRate: Int) -> [Double] {
        let hop = max(1, sampleRate / 100)
        return stride(from: 0, to: samples.count, by: hop).map { start in
            let end = min(samples.count, start + hop)
            var sum = 0.0
            for i in start..<end { sum += Double(samples[i]) * Double(samples[i]) }
            return 10 * log10(sum / Double(max(1, end - start)) + 1e-12)
        }
    }
}
