/// The confidence of a `forced` word: how well two independent methods agree on where it is.
///
/// `forced` (an acoustic model) and `synthesized` (DTW against espeak-ng's reading) fail in
/// different ways: the first on noise and words it pronounces differently, the second on
/// spontaneous speech. Where both put the word's centre at the same place, the place is very
/// likely right; where they disagree by about a second, one of them is off by about half the
/// crop. The score falls linearly with the distance between the two centres, from 1 at 0 to 0 at
/// `scale` seconds, and is scaled by how much the two spans overlap (intersection over union) so
/// words with the same centre but very different lengths score lower.
///
/// A word's own agreement alone punished `forced` for `synthesized`'s mistakes: on spontaneous
/// speech DTW strays around fillers and pauses while the acoustic model stays on the words, and
/// the 0.1 gate rejected 12–16 % of real spontaneous words, most of them placed right. So a word
/// also gets its sentence's support (`sentenceConfidences`): where most of a sentence's words
/// agree, the two methods found the same path through it and `forced`'s place for the others is
/// trusted as much; where the sentence as a whole disagrees, each word keeps only its own score.
enum MethodAgreement {
    /// Seconds between the two centres at which the score reaches 0.
    static let scale = 1.0

    static func confidence(_ a: TimeSpan, _ b: TimeSpan) -> Double {
        let distance = abs((a.start + a.end) / 2 - (b.start + b.end) / 2)
        let intersection = max(0, min(a.end, b.end) - max(a.start, b.start))
        let union = max(a.end, b.end) - min(a.start, b.start)
        let overlap = union > 0 ? intersection / union : 0
        let near = max(0, 1 - distance / scale)
        return near * (0.5 + 0.5 * overlap)
    }

    /// The score at and above which a word counts as agreeing: the recipes' default gate.
    static let agreeing = 0.1

    /// Each word's confidence in a sentence aligned by both methods: the larger of its own
    /// agreement and the share of the sentence's words that agree (`agreeing`). `forced` and
    /// `synthesized` hold the same words in the same order.
    static func sentenceConfidences(forced: [TimeSpan], synthesized: [TimeSpan]) -> [Double] {
        let own = zip(forced, synthesized).map { confidence($0, $1) }
        guard !own.isEmpty else { return [] }
        let support = Double(own.filter { $0 >= agreeing }.count) / Double(own.count)
        return own.map { max($0, support) }
    }
}
