import Align
import Foundation
import TestSupport
import Testing

@Suite struct VADTests {
    let rate = 16_000

    /// Noise everywhere; a harmonic "speech" burst pattern (syllables of 150 ms) in `speech`.
    private func signal(
        seconds: Double, speech: ClosedRange<Double>, snrDB: Double = 30, click: Double? = nil,
        breath: ClosedRange<Double>? = nil
    ) -> [Float] {
        let count = Int(seconds * Double(rate))
        var x = Signals.noise(rate: rate, count: count, amplitude: 0.3 * pow(10, -snrDB / 20) * 1.7)
        for n in Int(speech.lowerBound * Double(rate))..<Int(speech.upperBound * Double(rate)) {
            let t = Double(n) / Double(rate)
            let syllable = 0.6 + 0.4 * abs(sin(Double.pi * (t - speech.lowerBound) / 0.15))
            x[n] += Float(
                0.3 * syllable * (sin(2 * .pi * 140 * t) + 0.5 * sin(2 * .pi * 280 * t) + 0.3 * sin(2 * .pi * 700 * t))
                    / 1.2)
        }
        if let click {
            let at = Int(click * Double(rate))
            for k in 0..<40 { x[at + k] += Float(0.9 * exp(-Double(k) / 8) * (k % 2 == 0 ? 1 : -1)) }
        }
        if let breath {
            let b = Signals.noise(rate: rate, count: count, amplitude: 0.3 * pow(10, -24.0 / 20) * 1.7, seed: 7)
            for n in Int(breath.lowerBound * Double(rate))..<Int(breath.upperBound * Double(rate)) { x[n] += b[n] }
        }
        return x
    }

    @Test(arguments: [(0.2, 2.0), (2.5, 4.0), (1.0, 5.5)])
    func findsTheSpeechSpan(start: Double, end: Double) throws {
        let x = signal(seconds: end + 0.8, speech: start...end)
        let span = try #require(EnergyVAD().speechSpan(x, sampleRate: rate))
        #expect(abs(span.start - start) < 0.04, "start \(span.start) vs \(start)")
        #expect(abs(span.end - end) < 0.04, "end \(span.end) vs \(end)")
    }

    @Test func ignoresAClickAndABreathBeforeSpeech() throws {
        let x = signal(seconds: 4, speech: 1.5...3.2, snrDB: 25, click: 0.2, breath: 0.8...1.15)
        let span = try #require(EnergyVAD().speechSpan(x, sampleRate: rate))
        #expect(abs(span.start - 1.5) < 0.05, "start \(span.start)")
        #expect(abs(span.end - 3.2) < 0.05, "end \(span.end)")
    }

    @Test func noiseOnlyHasNoSpeech() {
        let x = Signals.noise(rate: rate, count: rate * 2, amplitude: 0.01)
        // Stationary noise: nothing rises 6 dB over the floor for long enough.
        #expect(EnergyVAD().speechSpan(x, sampleRate: rate) == nil)
    }
}
