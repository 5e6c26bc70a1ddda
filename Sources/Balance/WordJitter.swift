import MelshardCore
import Recipe

/// Where the extra clips of one word occurrence go when `[clips] word_jitter` fills a word
/// class up to `per_class` (docs/balance.md, "Jittered word crops").
///
/// A clip start `s` keeps the word inside with the margin when
/// `s + margin ≤ wordStart` and `wordEnd + margin ≤ s + L` (L the clip length), and stays on
/// the audio when `0 ≤ s ≤ N − L`. The allowed starts are a lattice through the centred clip's
/// start `c`: `c ± j·d`, where `d` is `min_gap_seconds` (rounded up to whole steps) or one step
/// (one sample, or one hop with `align_to_hop`), so any two clips of one occurrence, the
/// centred one included, are at least the gap apart. Extra clips are the first of a seeded
/// permutation of the lattice (a partial Fisher–Yates keyed by the occurrence), so clip k of an
/// occurrence stays put when its count changes.
struct WordJitter {
    var seed: UInt64
    /// Clip length in samples at the feature rate.
    var length: Int
    /// The margin between the word and each clip edge, in samples.
    var margin: Int
    /// Starts of one occurrence's clips differ by a multiple of this.
    var spacing: Int

    init(recipe: Recipe, spec: WordJitterSpec) {
        let rate = Double(recipe.features.parameters.sampleRate)
        seed = recipe.seed
        length = recipe.clipSamples
        margin = Int((spec.marginSeconds * rate).rounded(.up))
        let step = recipe.clips.alignToHop ? recipe.features.parameters.hop : 1
        let gap = recipe.clips.minGapSeconds.map { Int(($0 * rate).rounded(.up)) } ?? 1
        spacing = max(step, (gap + step - 1) / step * step)
    }

    /// The lattice steps available on each side of the centred start: `below` steps down and
    /// `above` steps up. Both are 0 when the audio is shorter than a clip (the clip is padded) or
    /// the word is too long to move with its margins.
    func room(for word: WordClip, available: Int) -> (below: Int, above: Int) {
        guard available >= length else { return (0, 0) }
        let low = max(0, word.wordEnd + margin - length)
        let high = min(available - length, word.wordStart - margin)
        let c = word.start
        guard low <= c, c <= high else { return (0, 0) }
        return ((c - low) / spacing, (high - c) / spacing)
    }

    /// How many clips the occurrence can give: its centred clip and every lattice start.
    func capacity(for word: WordClip, available: Int) -> Int {
        let room = room(for: word, available: available)
        return 1 + room.below + room.above
    }

    /// `count` starts: the centred clip's first, then `count − 1` lattice starts in seeded order.
    /// `count` must not exceed `capacity`.
    func starts(for word: WordClip, available: Int, count: Int, stream: String) -> [Int] {
        let room = room(for: word, available: available)
        let candidates = room.below + room.above
        precondition(count - 1 <= candidates, "more clips than the occurrence holds")
        // Candidate i < below is c − (i + 1)·d; the others are c + (i − below + 1)·d.
        func offset(_ i: Int) -> Int { i < room.below ? -(i + 1) * spacing : (i - room.below + 1) * spacing }
        var random = SeededRandom(seed: seed, stream: "jitter/\(stream)")
        var swapped: [Int: Int] = [:]
        var starts = [word.start]
        for k in 0..<(count - 1) {
            let j = k + Int(random.next() % UInt64(candidates - k))
            let picked = swapped[j] ?? j
            swapped[j] = swapped[k] ?? k
            starts.append(word.start + offset(picked))
        }
        return starts
    }
}
