import Foundation
import MelshardCore

/// Turns clean synthetic speech into something like a Common Voice take.
enum Mixer {
    struct Take {
        var samples: [Float]
        var leadingSilence: Double
        var trailingSilence: Double
        var snrDB: Double
        var artefact: String?
    }

    static func mix(_ speech: [Float], sampleRate: Int, rng: inout SeededRandom) -> Take {
        let rate = Double(sampleRate)
        let lead = 0.2 + 2.3 * rng.nextUnit()
        let trail = 0.3 + 1.2 * rng.nextUnit()
        let snr = 10 + 25 * rng.nextUnit()
        let leadSamples = Int(lead * rate)
        var out = [Float](repeating: 0, count: leadSamples) + speech + [Float](repeating: 0, count: Int(trail * rate))

        // Speech level: RMS over the 10-ms frames within 30 dB of the loudest (the active speech).
        let hop = sampleRate / 100
        let frames = stride(from: 0, to: speech.count - hop, by: hop).map { s in
            speech[s..<(s + hop)].reduce(0.0) { $0 + Double($1) * Double($1) } / Double(hop)
        }
        let loudest = frames.max() ?? 1e-12
        let active = frames.filter { $0 > loudest * 1e-3 }
        let speechPower = active.isEmpty ? 1e-6 : active.reduce(0, +) / Double(active.count)
        let speechRMS = speechPower.squareRoot()

        var artefact: String?
        let roll = rng.nextUnit()
        if roll < 0.30 {
            // A record-button click: 3 ms of a decaying spike, early in the leading silence.
            artefact = "click"
            let at = Int(Double(leadSamples) * 0.3 * rng.nextUnit())
            for k in 0..<Int(0.003 * rate) where at + k < out.count {
                out[at + k] += Float(3 * speechRMS * exp(-Double(k) / (0.0005 * rate)) * (k % 2 == 0 ? 1 : -1))
            }
        } else if roll < 0.55 && lead > 0.6 {
            // A breath: 200–400 ms of smoothed noise, 20–28 dB below the speech, ending 0.1–0.3 s
            // before the first word.
            artefact = "breath"
            let length = Int((0.2 + 0.2 * rng.nextUnit()) * rate)
            let end = leadSamples - Int((0.1 + 0.2 * rng.nextUnit()) * rate)
            let level = speechRMS * pow(10, -(20 + 8 * rng.nextUnit()) / 20)
            var smooth = 0.0
            for k in 0..<length where end - length + k >= 0 {
                smooth = 0.7 * smooth + 0.3 * gaussian(&rng)
                let envelope = sin(Double.pi * Double(k) / Double(length))
                out[end - length + k] += Float(level * 2.2 * smooth * envelope)
            }
        }
        let noiseRMS = speechRMS * pow(10, -snr / 20)
        for k in out.indices { out[k] += Float(noiseRMS * gaussian(&rng)) }
        // Keep the MP3 encoder away from clipping.
        let peak = out.reduce(0) { max($0, abs($1)) }
        if peak > 0.95 { let g = 0.95 / peak; for k in out.indices { out[k] *= g } }
        return Take(samples: out, leadingSilence: lead, trailingSilence: trail, snrDB: snr, artefact: artefact)
    }

    static func gaussian(_ rng: inout SeededRandom) -> Double {
        let u = max(rng.nextUnit(), 1e-12)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * rng.nextUnit())
    }
}
