import Safetensors
import Testing

/// `SafetensorsTensor.float16` must round as IEEE 754 does (and numpy's `astype(float16)`):
/// to nearest, ties to even, overflowing to infinity and underflowing through subnormals.
@Suite struct Float16RoundingTests {
    /// Input, and the expected binary16 bit pattern.
    static let cases: [(Float, UInt16)] = [
        (1.0, 0x3C00),
        (-2.0, 0xC000),
        (0.1, 0x2E66),  // 0.0999755859375
        (0.0, 0x0000),
        (-0.0, 0x8000),
        (1 + 0x1p-11, 0x3C00),  // halfway between 1 and 1 + 2⁻¹⁰: ties to even (down)
        (1 + 3 * 0x1p-11, 0x3C02),  // halfway between 1 + 2⁻¹⁰ and 1 + 2⁻⁹: ties to even (up)
        (1 + 0x1p-11 + 0x1p-20, 0x3C01),  // just above halfway: up
        (2049, 0x6800),  // 2048 and 2050 are neighbours: tie to even, 2048
        (2051, 0x6802),  // tie between 2050 and 2052: 2052
        (65504, 0x7BFF),  // largest finite
        (65519.996, 0x7BFF),  // just below the halfway point to 65536: stays finite
        (65520, 0x7C00),  // halfway to 65536 (which would overflow): ties to even, +∞
        (1e6, 0x7C00),
        (-1e6, 0xFC00),
        (.infinity, 0x7C00),
        (-.infinity, 0xFC00),
        (0x1p-14, 0x0400),  // smallest normal
        (0x1p-24, 0x0001),  // smallest subnormal
        (1023 * 0x1p-24, 0x03FF),  // largest subnormal
        (0x1p-25, 0x0000),  // halfway between 0 and the smallest subnormal: ties to even, 0
        (0x1p-25 + 0x1p-40, 0x0001),  // just above halfway: up
        (3 * 0x1p-25, 0x0002),  // halfway between 1 and 2 subnormal steps: ties to even, 2
        (-5 * 0x1p-25, 0x8002),  // halfway between 2 and 3 steps, negative: 2
        (1e-10, 0x0000),  // far below: flushes to zero
        (-1e-10, 0x8000),  // keeping its sign
    ]

    @Test(arguments: cases)
    func roundsLikeIEEE754(_ value: Float, _ bits: UInt16) throws {
        let tensor = SafetensorsTensor.float16("x", shape: [1], values: [value])
        #expect(tensor.bytes == [UInt8(bits & 0xFF), UInt8(bits >> 8)])
        let file = try SafetensorsFile(bytes: SafetensorsEncoder.encode([tensor], metadata: [:]), path: "f16")
        #expect(try file.floats("x").map(\.bitPattern) == [Float(Float16(bitPattern: bits)).bitPattern])
    }

    @Test func knownValuesWidenExactly() throws {
        let bits: [UInt16] = [0x3C00, 0x2E66, 0x7BFF, 0x0001, 0x03FF, 0xFC00, 0x8000]
        let tensor = SafetensorsTensor(
            name: "x", dtype: .f16, shape: [7], bytes: bits.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let file = try SafetensorsFile(bytes: SafetensorsEncoder.encode([tensor], metadata: [:]), path: "f16")
        let floats = try file.floats("x")
        #expect(floats.prefix(6) == [1.0, 0.0999755859375, 65504, 0x1p-24, 1023 * 0x1p-24, -.infinity])
        #expect(floats[6] == 0 && floats[6].sign == .minus)
    }

    @Test func nanStaysNaN() throws {
        let tensor = SafetensorsTensor.float16("x", shape: [1], values: [.nan])
        let bits = UInt16(tensor.bytes[0]) | UInt16(tensor.bytes[1]) << 8
        #expect(bits & 0x7C00 == 0x7C00 && bits & 0x03FF != 0)
        let file = try SafetensorsFile(bytes: SafetensorsEncoder.encode([tensor], metadata: [:]), path: "f16")
        #expect(try file.floats("x")[0].isNaN)
    }
}
