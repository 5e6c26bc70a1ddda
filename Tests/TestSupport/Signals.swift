import Foundation

/// Test signals with known content, in float32 like decoded audio.
public enum Signals {
    /// `amplitude · sin(2π f n / rate + phase)`, with the phase computed in double precision.
    public static func sine(
        frequency: Double, rate: Int, count: Int, amplitude: Double = 0.5, phase: Double = 0
    ) -> [Float] {
        (0..<count).map { Float(amplitude * sin(2 * Double.pi * frequency * Double($0) / Double(rate) + phase)) }
    }

    /// A sum of sines, evaluated exactly at `rate`: the ideal output of a resampler.
    public static func tones(_ tones: [(frequency: Double, amplitude: Double)], rate: Int, count: Int) -> [Double] {
        (0..<count).map { n in
            tones.reduce(0.0) { $0 + $1.amplitude * sin(2 * Double.pi * $1.frequency * Double(n) / Double(rate)) }
        }
    }

    /// A linear chirp from `f0` to `f1` Hz over the signal.
    public static func chirp(from f0: Double, to f1: Double, rate: Int, count: Int, amplitude: Double = 0.5) -> [Float]
    {
        let seconds = Double(count) / Double(rate)
        return (0..<count).map { n in
            let t = Double(n) / Double(rate)
            return Float(amplitude * sin(2 * Double.pi * (f0 * t + (f1 - f0) * t * t / (2 * seconds))))
        }
    }

    /// Uniform white noise in [−amplitude, amplitude) from a seeded generator.
    public static func noise(rate: Int, count: Int, amplitude: Double = 0.1, seed: UInt64 = 440) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(amplitude * (Double(state >> 11) * 0x1.0p-53 * 2 - 1))
        }
    }

    /// Interleaves channels of equal length: [L0, R0, L1, R1, ...].
    public static func interleave(_ channels: [[Float]]) -> [Float] {
        guard let count = channels.first?.count else { return [] }
        var result = [Float](); result.reserveCapacity(count * channels.count)
        for i in 0..<count { for c in channels { result.append(c[i]) } }
        return result
    }
}
