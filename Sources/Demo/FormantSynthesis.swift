import Foundation
import MelshardCore

/// A cascade-free formant synthesiser in the manner of Klatt (1980), reduced to what the demo
/// needs: a glottal pulse train (a sawtooth, with a little aspiration noise) or noise, through
/// three parallel two-pole resonators whose frequencies glide through each segment.
enum FormantSynthesis {
    /// One take of `word` by `speaker`, `seconds` long at `rate` Hz, with the word starting at
    /// `onset` seconds; `variation` (about 1) stretches pitch and timing a little per take.
    static func render(
        _ word: DemoWord, speaker: DemoSpeaker, seconds: Double, onset: Double, rate: Int,
        pitchVariation: Double, tempoVariation: Double, random: inout SeededRandom
    ) -> [Float] {
        let r = Double(rate)
        var out = [Float](repeating: 0, count: Int(seconds * r))
        let total = word.segments.reduce(0) { $0 + $1.duration } / (speaker.rate * tempoVariation)
        var resonators = [Resonator(), Resonator(), Resonator()]
        var glottal = 0.0
        var position = Int(onset * r)
        var elapsed = 0.0
        for segment in word.segments {
            let length = Int(segment.duration / (speaker.rate * tempoVariation) * r)
            let gains = segment.kind == .vowel ? [1.0, 0.6, 0.3] : [0.5, 0.05, 0.02]
            let widths = segment.kind == .vowel ? [80.0, 100, 150] : [150.0, 300, 400]
            for n in 0..<length where position + n < out.count {
                let t = elapsed + Double(n) / r
                // Pitch falls through the word, as in a statement.
                let pitch = speaker.pitch * pitchVariation * (1.12 - 0.25 * t / max(total, 1e-3))
                glottal = wrap(glottal + pitch / r)
                let noise = random.nextUnit() * 2 - 1
                // The resonators follow the formant glide in 32-sample steps, which is smooth to the
                // ear and spares the trigonometry in `tune` on every sample.
                if n % 32 == 0 {
                    let f = Double(n) / Double(max(1, length - 1))
                    func formant(_ from: Double, _ to: Double) -> Double { lerp(from, to, f) * speaker.formantScale }
                    switch segment.kind {
                    case .vowel, .nasal:
                        let formants = [
                            formant(segment.from.0, segment.to.0), formant(segment.from.1, segment.to.1),
                            formant(segment.from.2, segment.to.2),
                        ]
                        for k in 0..<3 { resonators[k].tune(formants[k], bandwidth: widths[k], rate: r) }
                    case .fricative, .burst:
                        resonators[0].tune(
                            formant(segment.from.0, segment.to.0), bandwidth: segment.kind == .burst ? 2500 : 2000,
                            rate: r)
                    case .silence:
                        break
                    }
                }
                // Fade each segment's edges over 5 ms, so no segment starts with a click.
                let edge = min(1, Double(min(n, length - 1 - n)) / (0.005 * r))
                var value = 0.0
                switch segment.kind {
                case .vowel, .nasal:
                    let source = (1 - 2 * glottal) + 0.05 * noise
                    for k in 0..<3 { value += gains[k] * resonators[k].filter(source) }
                case .fricative, .burst:
                    value = (segment.kind == .burst ? 1.2 : 0.6) * resonators[0].filter(noise)
                case .silence:
                    value = 0
                }
                out[position + n] += Float(value * edge)
            }
            position += length
            elapsed += Double(length) / r
        }
        let peak = out.map(abs).max() ?? 0
        let gain: Float = peak > 0 ? Float(0.3 + 0.4 * random.nextUnit()) / peak : 1
        // A faint room noise under the whole clip, as every real recording has.
        return out.map { $0 * gain + Float(0.003 * (random.nextUnit() - 0.5)) }
    }

    private static func lerp(_ a: Double, _ b: Double, _ f: Double) -> Double { a + (b - a) * f }
}

/// A two-pole resonator, `y[n] = g·x[n] + b1·y[n−1] + b2·y[n−2]`, with the gain set so that a
/// sine at the centre frequency comes out at about its input level.
struct Resonator {
    private var b1 = 0.0, b2 = 0.0, gain = 0.0
    private var y1 = 0.0, y2 = 0.0

    mutating func tune(_ frequency: Double, bandwidth: Double, rate: Double) {
        let radius = exp(-Double.pi * bandwidth / rate)
        let theta = 2 * Double.pi * min(frequency, rate * 0.45) / rate
        b1 = 2 * radius * cos(theta)
        b2 = -radius * radius
        gain = (1 - radius) * sqrt(1 - 2 * radius * cos(2 * theta) + radius * radius)
    }

    mutating func filter(_ x: Double) -> Double {
        let y = gain * x + b1 * y1 + b2 * y2
        (y2, y1) = (y1, y)
        return y
    }
}
