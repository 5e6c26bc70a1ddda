/// One "word" of the demo's Speech-Commands-style corpus: a sequence of speech-like segments,
/// each with formant frequencies (F1, F2, F3, in Hz, for an adult male vocal tract) that glide
/// from `from` to `to`. The vowels use Peterson and Barney's average formants; consonants are
/// caricatures (a hiss, a nasal murmur, a burst) that still give each word its own pattern.
struct DemoWord: Sendable {
    struct Segment: Sendable {
        enum Kind: Sendable {
            /// Voiced: glottal pulses through the formants.
            case vowel
            /// Voiced, quiet and low: a nasal murmur.
            case nasal
            /// Unvoiced: noise through one broad resonance centred at `from.0`.
            case fricative
            /// A plosive release: a 15–20 ms noise burst centred at `from.0`.
            case burst
            /// A closure: nothing.
            case silence
        }

        var kind: Kind
        /// Seconds at a speaker's normal rate.
        var duration: Double
        var from: (Double, Double, Double)
        var to: (Double, Double, Double)

        init(_ kind: Kind, _ duration: Double, _ from: (Double, Double, Double), _ to: (Double, Double, Double)? = nil)
        {
            self.kind = kind
            self.duration = duration
            self.from = from
            self.to = to ?? from
        }
    }

    var name: String
    var segments: [Segment]

    /// Four of the eight words of the study's recipe (manifests/metamers-speech-commands.toml),
    /// in its (sorted) order.
    static let all: [DemoWord] = [
        DemoWord(
            name: "down",
            segments: [
                Segment(.burst, 0.018, (3500, 0, 0)),
                Segment(.vowel, 0.30, (750, 1250, 2450), (420, 850, 2300)),
                Segment(.nasal, 0.10, (250, 1300, 2500)),
            ]),
        DemoWord(
            name: "no",
            segments: [
                Segment(.nasal, 0.08, (250, 1100, 2500)),
                Segment(.vowel, 0.32, (500, 1000, 2400), (350, 750, 2300)),
            ]),
        DemoWord(
            name: "up",
            segments: [
                Segment(.vowel, 0.20, (640, 1190, 2390)),
                Segment(.silence, 0.07, (0, 0, 0)),
                Segment(.burst, 0.02, (900, 0, 0)),
            ]),
        DemoWord(
            name: "yes",
            segments: [
                Segment(.vowel, 0.10, (280, 2250, 2900), (550, 1770, 2490)),
                Segment(.vowel, 0.16, (550, 1770, 2490)),
                Segment(.fricative, 0.17, (5500, 0, 0)),
            ]),
    ]
}

/// A demo speaker: what makes one voice differ from another in the corpus.
struct DemoSpeaker: Sendable {
    /// The speaker hash that Speech Commands puts before `_nohash_` (8 hex digits).
    var hash: String
    /// Mean pitch in Hz.
    var pitch: Double
    /// Formant scale: shorter vocal tracts have higher formants (1 is the tables' adult male).
    var formantScale: Double
    /// Speaking rate: durations are divided by it.
    var rate: Double
}
