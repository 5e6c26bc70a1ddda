import Foundation
import MelshardCore

/// Renders a few seconds of one demo genre: a bar-by-bar chord progression played by the
/// genre's voice, an optional bass line, and drum hits made of pitched sines and noise bursts.
/// Everything random (tempo within the genre's range, key, progression, melody, drum noise)
/// comes from `random`, so a file's seed fixes its audio exactly.
enum GenreSynthesis {
    /// Mono samples at `rate`, peak 0.8.
    static func render(_ genre: DemoGenre, seconds: Double, rate: Int, random: inout SeededRandom) -> [Float] {
        let count = Int(seconds * Double(rate))
        var part = [Float](repeating: 0, count: count)
        var drums = [Float](repeating: 0, count: count)
        let r = Double(rate)
        let bpm = genre.tempo.lowerBound + random.nextUnit() * (genre.tempo.upperBound - genre.tempo.lowerBound)
        let step = 60 / bpm / 4
        let low = genre.register.lowerBound, high = genre.register.upperBound
        let root = low * pow(high / low, random.nextUnit())
        // A minor-ish scale (natural minor), and four chords drawn from its degrees.
        let scale = [0, 2, 3, 5, 7, 8, 10]
        let progression = (0..<4).map { _ in scale[Int(random.next() % UInt64(scale.count))] }
        let third = random.nextUnit() < 0.5 ? 3 : 4
        let voice: Wavetable
        switch genre.voice {
        case .additive(let harmonics, let rolloff, _):
            voice = Wavetable(harmonics: (1...harmonics).map { pow(Double($0), -rolloff) })
        case .fm:
            voice = .sine
        }
        let bass = Wavetable(harmonics: [1, 0.5, 0.25])
        var barStart = random.nextUnit() * step * 2
        var bar = 0
        while barStart < seconds {
            let chordRoot = root * pow(2, Double(progression[bar % 4]) / 12)
            for s in genre.noteSteps {
                let start = barStart + Double(s) * step
                let intervals =
                    genre.chordSize == 1
                    ? [scale[Int(random.next() % UInt64(scale.count))]] : Array([0, third, 7].prefix(genre.chordSize))
                for interval in intervals {
                    note(
                        &part, frequency: chordRoot * pow(2, Double(interval) / 12), start: start,
                        duration: genre.noteLength * step,
                        amplitude: 0.5 / Double(genre.chordSize), genre: genre, table: voice, rate: r)
                }
            }
            for s in genre.bassSteps {
                note(
                    &part, frequency: chordRoot / 2, start: barStart + Double(s) * step, duration: 2 * step,
                    amplitude: 0.35,
                    genre: genre, table: bass, rate: r, plain: true)
            }
            for (s, (k, (sn, h))) in zip(genre.kick, zip(genre.snare, genre.hat)).enumerated() {
                let at = barStart + Double(s) * step
                if k == "x" { kick(&drums, at: at, rate: r) }
                if sn == "x" { snare(&drums, at: at, rate: r, random: &random) }
                if h == "x" { hat(&drums, at: at, rate: r, random: &random) }
            }
            barStart += 16 * step
            bar += 1
        }
        // The drive distorts the part only: drums through a clipper would lose their transients.
        let drive = Float(genre.drive)
        let norm = drive > 1 ? 1 / tanh(drive) : 1
        var peak: Float = 0
        for i in 0..<count {
            let shaped = drive > 1 ? tanh(drive * part[i]) * norm * 0.6 : part[i]
            part[i] = shaped + drums[i] + Float(0.002 * (random.nextUnit() - 0.5))
            peak = max(peak, abs(part[i]))
        }
        let gain = peak > 0 ? 0.8 / peak : 1
        return part.map { $0 * gain }
    }

    /// Adds one note: the voice with an attack ramp, a slow decay and a 30-ms release.
    /// `plain` plays the table without the genre's vibrato or FM (the bass).
    private static func note(
        _ out: inout [Float], frequency: Double, start: Double, duration: Double, amplitude: Double,
        genre: DemoGenre, table: Wavetable, rate: Double, plain: Bool = false
    ) {
        let first = Int(start * rate), release = 0.03
        let last = min(out.count, Int((start + duration + release) * rate))
        guard first < last else { return }
        var phase = 0.0, modulator = 0.0
        let attack = max(genre.attack, 1 / rate)
        for i in first..<last {
            let t = Double(i - first) / rate
            var envelope = min(1, t / attack) * exp(-t / max(0.3, duration * 2))
            if t > duration { envelope *= max(0, 1 - (t - duration) / release) }
            var value: Float
            switch (plain ? nil : genre.voice) {
            case .fm(let ratio, let index)?:
                modulator = wrap(modulator + frequency * ratio / rate)
                let depth = index * (0.3 + exp(-t / 0.15))
                phase = wrap(phase + frequency / rate)
                value = Wavetable.sine.value(wrap(phase + depth * Double(Wavetable.sine.value(modulator)) / (2 * .pi)))
            case .additive(_, _, let vibrato)? where vibrato > 0:
                phase = wrap(phase + frequency * (1 + 0.006 * sin(2 * .pi * vibrato * t)) / rate)
                value = table.value(phase)
            default:
                phase = wrap(phase + frequency / rate)
                value = table.value(phase)
            }
            out[i] += Float(amplitude * envelope) * value
        }
    }

    /// A kick drum: a sine swept down from 120 to 45 Hz, decaying over about 0.2 s.
    private static func kick(_ out: inout [Float], at start: Double, rate: Double) {
        let first = Int(start * rate), last = min(out.count, first + Int(0.25 * rate))
        var phase = 0.0
        for i in first..<max(first, last) {
            let t = Double(i - first) / rate
            phase = wrap(phase + (45 + 75 * exp(-t / 0.04)) / rate)
            out[i] += Float(0.9 * exp(-t / 0.12)) * Wavetable.sine.value(phase)
        }
    }

    /// A snare: a burst of high-passed noise over a short 185-Hz tone.
    private static func snare(_ out: inout [Float], at start: Double, rate: Double, random: inout SeededRandom) {
        let first = Int(start * rate), last = min(out.count, first + Int(0.2 * rate))
        var previous = 0.0, phase = 0.0
        for i in first..<max(first, last) {
            let t = Double(i - first) / rate
            let noise = random.nextUnit() * 2 - 1
            phase = wrap(phase + 185 / rate)
            out[i] +=
                Float(0.45 * (noise - previous) * exp(-t / 0.06)) + Float(0.3 * exp(-t / 0.04))
                * Wavetable.sine.value(phase)
            previous = noise
        }
    }

    /// A closed hi-hat: a 60-ms burst of noise, differenced twice so its energy sits high.
    private static func hat(_ out: inout [Float], at start: Double, rate: Double, random: inout SeededRandom) {
        let first = Int(start * rate), last = min(out.count, first + Int(0.06 * rate))
        var x1 = 0.0, x2 = 0.0
        for i in first..<max(first, last) {
            let t = Double(i - first) / rate
            let x0 = random.nextUnit() * 2 - 1
            out[i] += Float(0.12 * (x0 - 2 * x1 + x2) * exp(-t / 0.015))
            (x2, x1) = (x1, x0)
        }
    }
}
