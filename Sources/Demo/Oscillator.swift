import Foundation

/// A single-cycle waveform played at any frequency by table lookup: one period sampled
/// `size` times, read with linear interpolation. The demo renders a few million samples, and
/// `melshard demo` must finish in seconds even in a debug build, where per-sample `sin` calls
/// of every harmonic would not.
struct Wavetable: Sendable {
    static let size = 2048
    let samples: [Float]

    /// The sum of harmonics k = 1, 2, … with amplitudes `amplitudes[k − 1]`, normalised to peak 1.
    init(harmonics amplitudes: [Double]) {
        var table = [Float](repeating: 0, count: Self.size + 1)
        for i in 0...Self.size {
            let phase = 2 * Double.pi * Double(i) / Double(Self.size)
            var v = 0.0
            for (k, a) in amplitudes.enumerated() where a != 0 { v += a * sin(Double(k + 1) * phase) }
            table[i] = Float(v)
        }
        let peak = table.map(abs).max() ?? 1
        samples = peak > 0 ? table.map { $0 / peak } : table
    }

    static let sine = Wavetable(harmonics: [1])

    /// The value at `phase` in cycles, [0, 1).
    @inline(__always)
    func value(_ phase: Double) -> Float {
        let position = phase * Double(Self.size)
        let i = Int(position)
        let f = Float(position - Double(i))
        return samples[i] + (samples[i + 1] - samples[i]) * f
    }
}

/// Keeps a phase in cycles within [0, 1).
@inline(__always)
func wrap(_ phase: Double) -> Double { phase - floor(phase) }
