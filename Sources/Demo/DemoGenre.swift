/// One "genre" of the demo's GTZAN-style corpus. Genres differ in the three things a genre
/// classifier is known to pick up: tempo, timbre (harmonic content, FM brightness, distortion)
/// and rhythm (which drums play on which of the 16 steps of a bar).
struct DemoGenre: Sendable {
    enum Voice: Sendable {
        /// Additive synthesis: harmonic k has amplitude k^−rolloff; vibrato in Hz (0 for none).
        case additive(harmonics: Int, rolloff: Double, vibrato: Double)
        /// Two-operator FM: carrier at f, modulator at ratio · f, index decaying over the note.
        case fm(ratio: Double, index: Double)
    }

    var name: String
    var tempo: ClosedRange<Double>
    var voice: Voice
    /// Soft clipping drive (1 for none): the metal genre's distortion.
    var drive: Double
    /// Steps of a 16-step bar (a 16th note each) where a note or chord starts, and its length in steps.
    var noteSteps: [Int]
    var noteLength: Double
    /// Notes sounding at once: 1 a melody line, 3 a triad.
    var chordSize: Int
    /// The octave of the part, as the root's frequency range in Hz.
    var register: ClosedRange<Double>
    /// Seconds of fade in at each note: 0.005 percussive, 0.2 a bowed string.
    var attack: Double
    /// 16-character patterns, `x` a hit: kick, snare, hi-hat.
    var kick: String
    var snare: String
    var hat: String
    /// A bass line under the part, on these steps (empty for none).
    var bassSteps: [Int]

    /// The demo's five genres, GTZAN names, in corpus order.
    static let all: [DemoGenre] = [
        DemoGenre(
            name: "blues", tempo: 68...80, voice: .additive(harmonics: 8, rolloff: 1.2, vibrato: 0), drive: 1.4,
            noteSteps: [0, 3, 6, 8, 11, 14], noteLength: 2.5, chordSize: 1, register: 196...262, attack: 0.01,
            kick: "x.......x.......", snare: "....x.......x...", hat: "x..x..x..x..x..x", bassSteps: [0, 6, 8, 14]),
        DemoGenre(
            name: "classical", tempo: 56...66, voice: .additive(harmonics: 6, rolloff: 1.6, vibrato: 5.5), drive: 1,
            noteSteps: [0, 8], noteLength: 8, chordSize: 3, register: 262...392, attack: 0.25,
            kick: "................", snare: "................", hat: "................", bassSteps: [0]),
        DemoGenre(
            name: "disco", tempo: 116...124, voice: .fm(ratio: 1, index: 2.5), drive: 1,
            noteSteps: [0, 2, 4, 6, 8, 10, 12, 14], noteLength: 1.5, chordSize: 1, register: 82...110, attack: 0.005,
            kick: "x...x...x...x...", snare: "....x.......x...", hat: "..x...x...x...x.", bassSteps: []),
        DemoGenre(
            name: "metal", tempo: 150...170, voice: .additive(harmonics: 24, rolloff: 0.7, vibrato: 0), drive: 6,
            noteSteps: [0, 2, 4, 6, 8, 10, 12, 14], noteLength: 2, chordSize: 2, register: 82...123, attack: 0.003,
            kick: "x.x.x.x.x.x.x.x.", snare: "....x.......x...", hat: "xxxxxxxxxxxxxxxx", bassSteps: []),
        DemoGenre(
            name: "reggae", tempo: 68...76, voice: .fm(ratio: 2, index: 1.2), drive: 1,
            noteSteps: [2, 6, 10, 14], noteLength: 0.8, chordSize: 3, register: 220...330, attack: 0.004,
            kick: "........x.......", snare: "........x.......", hat: "x.x.x.x.x.x.x.x.", bassSteps: [0, 3, 7, 8, 11]),
    ]
}
