import Foundation
import MelshardCore

/// Draws ranks 0 ..< n with probability proportional to 1 / (rank + 1)^exponent: the shape of
/// word frequencies in running text (Zipf's law), of speakers' shares of Common Voice recordings,
/// of artists' shares of a catalogue and of genres' shares of MTG-Jamendo tags.
public struct ScaleZipf: Sendable {
    /// The cumulative probabilities, the last one 1.
    public let cumulative: [Double]

    public init(count: Int, exponent: Double) {
        precondition(count > 0 && exponent >= 0)
        var running = 0.0
        var cumulative = (0..<count).map { rank -> Double in
            running += 1 / pow(Double(rank + 1), exponent)
            return running
        }
        for i in cumulative.indices { cumulative[i] /= running }
        cumulative[count - 1] = 1
        self.cumulative = cumulative
    }

    public var count: Int { cumulative.count }

    /// The probability of `rank`.
    public func probability(_ rank: Int) -> Double {
        cumulative[rank] - (rank == 0 ? 0 : cumulative[rank - 1])
    }

    /// One draw: the first rank whose cumulative probability exceeds a uniform number.
    public func draw(_ random: inout SeededRandom) -> Int {
        let u = random.nextUnit()
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > u { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
