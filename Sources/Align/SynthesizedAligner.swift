import EspeakNG
import MelshardCore

/// espeak-ng reads the sentence; DTW on MFCCs warps its timeline onto the recording.
///
/// Both signals are cut to their speech spans first (the synthesis by its word events, the
/// recording by the energy VAD widened by `margin`), and the warp may skip up to `slack` of the
/// recording at either end, so a VAD edge that took in a breath costs nothing. A word's start
/// maps to the first recording frame matched with its first synthetic frame, its end to the last
/// frame matched with its last one.
///
/// Confidence per word: 1 − c ÷ (mean distance between unrelated frames of the two signals),
/// clamped to 0…1, where c = 0.3 × (mean DTW distance along the word's part of the path) + 0.7 ×
/// (mean along the whole path). Matching frames make
/// it high; a sentence read differently from its text (or noise) brings it towards 0.
struct SynthesizedAligner {
    var voice: ReferenceVoice
    var margin = 0.15
    var slack = 0.30

    func align(
        tokens: [Token], sentence: String, audio: [Float], speech: TimeSpan?
    ) throws(AlignError) -> [(TimeSpan, Double)] {
        let synthesis = try voice.synthesize(sentence)
        let synthSpans = SyntheticTimeline.spans(of: synthesis, sentence: sentence, tokens: tokens)
        let synthAudio = try AlignmentFeatures.resampled(synthesis.samples, from: synthesis.sampleRate)
        let (synthFrames, realFrames) = try Self.features.borrow(make: AlignmentFeatures.init) {
            features throws(AlignError) in
            (try features.mfcc(synthAudio), try features.mfcc(audio))
        }
        let hop = AlignmentFeatures.hopSeconds

        let xLo = max(0, Int(synthSpans.first!.start / hop))
        let xHi = min(synthFrames.count, max(xLo + 1, Int((synthSpans.last!.end / hop).rounded(.up)) + 1))
        let duration = Double(audio.count) / Double(AlignmentFeatures.sampleRate)
        let region = speech ?? TimeSpan(start: 0, end: duration)
        let yLo = max(0, Int((region.start - margin) / hop))
        let yHi = min(realFrames.count, max(yLo + 1, Int(((region.end + margin) / hop).rounded(.up)) + 1))
        let x = AlignmentFeatures.normalized(Array(synthFrames[xLo..<xHi]))
        let y = AlignmentFeatures.normalized(Array(realFrames[yLo..<yHi]))
        let slackFrames = Int(slack / hop)
        let path = DTW.align(
            xCount: x.count, yCount: y.count, startSlack: min(slackFrames, y.count / 4),
            endSlack: min(slackFrames, y.count / 4)
        ) { i, j in AlignmentFeatures.distance(x[i], y[j]) }
        let reference = Self.unrelatedDistance(x, y)

        // For each synthetic frame, the range of recording frames the path pairs it with.
        var firstY = [Int](repeating: Int.max, count: x.count)
        var lastY = [Int](repeating: Int.min, count: x.count)
        var costSum = [Double](repeating: 0, count: x.count)
        var costCount = [Int](repeating: 0, count: x.count)
        for (k, p) in path.pairs.enumerated() {
            firstY[p.x] = min(firstY[p.x], p.y)
            lastY[p.x] = max(lastY[p.x], p.y)
            costSum[p.x] += path.costs[k]
            costCount[p.x] += 1
        }
        return synthSpans.map { span in
            let a = min(x.count - 1, max(0, Int((span.start / hop).rounded()) - xLo))
            let b = min(x.count - 1, max(a, Int((span.end / hop).rounded()) - xLo - 1))
            let start = Double(firstY[a] + yLo) * hop
            let end = Double(lastY[b] + yLo + 1) * hop
            let wordCost =
                (a...b).reduce(0) { $0 + costSum[$1] } / Double(max(1, (a...b).reduce(0) { $0 + costCount[$1] }))
            // A short word's own stretch of path is a handful of frames: noisy alone, so it is
            // blended with the whole sentence's mean cost.
            let cost = 0.3 * wordCost + 0.7 * path.meanCost
            let confidence = min(1, max(0, 1 - cost / max(reference, 1e-9)))
            return (TimeSpan(start: start, end: min(duration, max(end, start + hop))), confidence)
        }
    }

    /// A WordAligner makes a fresh SynthesizedAligner per sentence, so the extractors live here,
    /// process-wide: making one costs an FFTW plan under FFTW's global planner lock, which the
    /// build's worker threads would otherwise queue on for every sentence.
    private static let features = LendingPool<AlignmentFeatures>()

    /// Mean distance between frames of `x` and `y` at unrelated positions (a fixed grid of pairs).
    static func unrelatedDistance(_ x: [[Float]], _ y: [[Float]]) -> Double {
        var sum = 0.0
        var n = 0
        let steps = 24
        for a in 0..<steps {
            for b in 0..<steps {
                sum += AlignmentFeatures.distance(x[a * x.count / steps], y[b * y.count / steps])
                n += 1
            }
        }
        return sum / Double(n)
    }
}
