import Testing

@testable import Pictures

/// Viridis as nine anchors with linear steps between them: exact at the anchors, halfway
/// between them in the middle, clamped outside [0, 1], lighter with every step.
@Suite struct ColorMapTests {
    @Test func viridisGetsLighterWithValue() {
        let steps = (0...20).map { ColorMap.luminance(ColorMap.viridis.color(Double($0) / 20)) }
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0 < $1 })
        #expect(rgb(ColorMap.viridis.color(0)) == [0x44, 0x01, 0x54])
        #expect(rgb(ColorMap.viridis.color(1)) == [0xFD, 0xE7, 0x25])
    }

    @Test func anchorsAreExactAndMidpointsAreHalfway() {
        // Value 4/8 is the fifth anchor, #21908C.
        #expect(rgb(ColorMap.viridis.color(0.5)) == [0x21, 0x90, 0x8C])
        // Halfway between #440154 and #472D7B: (68 + 71) / 2 = 69.5 rounds up, (1 + 45) / 2 = 23,
        // (84 + 123) / 2 = 103.5 rounds up.
        #expect(rgb(ColorMap.viridis.color(1.0 / 16)) == [70, 23, 104])
        // A quarter of the way from #AADC32 to #FDE725: 170 + 83/4, 220 + 11/4, 50 − 13/4.
        #expect(rgb(ColorMap.viridis.color((7 + 0.25) / 8)) == [191, 223, 47])
    }

    @Test func valuesOutsideTheRangeAreClampedAndNaNIsTheLowest() {
        let viridis = ColorMap.viridis
        #expect(rgb(viridis.color(-3)) == rgb(viridis.color(0)))
        #expect(rgb(viridis.color(7)) == rgb(viridis.color(1)))
        #expect(rgb(viridis.color(.nan)) == rgb(viridis.color(0)))
        #expect(
            rgb(viridis.color(-.infinity)) == rgb(viridis.color(0))
                && rgb(viridis.color(.infinity)) == rgb(viridis.color(1)))
    }

    @Test func luminanceUsesRec709Weights() {
        #expect(abs(ColorMap.luminance((255, 255, 255)) - 1) < 1e-12, "the weights sum to 1")
        #expect(ColorMap.luminance((0, 0, 0)) == 0)
        #expect(abs(ColorMap.luminance((0, 255, 0)) - 0.7152) < 1e-12)
        #expect(ColorMap.luminance((255, 0, 0)) > ColorMap.luminance((0, 0, 255)))
    }
}
