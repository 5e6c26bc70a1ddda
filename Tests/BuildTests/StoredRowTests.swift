import Foundation
import Index
import MelshardCore
import Testing

@testable import Build

@Suite struct StoredRowTests {
    /// Values a dB spectrogram holds, with the float16 edge cases among them.
    static func values(bands: Int, columns: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed, stream: "stored-row")
        var values = (0..<(bands * columns)).map { _ in Float(random.nextUnit() * 120 - 100) }
        let edges: [Float] = [0, -0.0, 65504, -65504, 6.0e-8, 1e-5, 0.333333, 70000]
        for (i, x) in edges.enumerated() where i < values.count { values[i * 7 % values.count] = x }
        return values
    }

    /// The band-per-lane sums add each band's values in the same order as the naive loop, so
    /// every bit agrees, for band counts that do and do not fill the eight lanes.
    @Test(arguments: [(1, 5), (8, 128), (13, 31), (96, 128), (128, 94)])
    func laneSumsEqualTheNaiveSumsBitForBit(bands: Int, columns: Int) {
        let values = Self.values(bands: bands, columns: columns, seed: UInt64(bands * 1000 + columns))
        let fast = StoredRow.sums(values, bands: bands, columns: columns)
        let naive = StoredRow.naiveSums(values, bands: bands, columns: columns)
        #expect(fast.map(\.sum.bitPattern) == naive.map(\.sum.bitPattern))
        #expect(fast.map(\.sumSquares.bitPattern) == naive.map(\.sumSquares.bitPattern))
        #expect(fast.allSatisfy { $0.count == Int64(columns) })
    }

    /// A float16 row: the bytes are Swift's `Float16` of each value, little-endian, and the sums
    /// are of those stored values.
    @Test func aFloat16RowHoldsTheRoundedValuesAndTheirSums() {
        let (bands, columns) = (13, 31)
        let values = Self.values(bands: bands, columns: columns, seed: 5)
        let row = StoredRow(values, bands: bands, dtype: .float16)
        let expected = values.flatMap { v -> [UInt8] in
            let bits = Float16(v).bitPattern
            return [UInt8(bits & 0xff), UInt8(bits >> 8)]
        }
        #expect(row.bytes == expected)
        let stored = values.map { Float(Float16($0)) }
        let naive = StoredRow.naiveSums(stored, bands: bands, columns: columns)
        #expect(row.bandSums.map(\.sum.bitPattern) == naive.map(\.sum.bitPattern))
        #expect(row.bandSums.map(\.sumSquares.bitPattern) == naive.map(\.sumSquares.bitPattern))
    }
}
