import Testing

@testable import Pictures

/// The built-in 5 × 7 font: whole glyphs, the cells each glyph sets, and `?` for anything else.
@Suite struct BitmapFontTests {
    @Test func everyGlyphIsSevenRowsOfFive() {
        for (character, rows) in BitmapFont.glyphs {
            let parts = rows.split(separator: " ")
            #expect(parts.count == 7 && parts.allSatisfy { $0.count == 5 }, "glyph '\(character)'")
            #expect(rows.allSatisfy { "#. ".contains($0) }, "glyph '\(character)'")
        }
    }

    @Test func theFontCoversLabelsAndCaptions() {
        let needed = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,:-_/()=+%?'[]·×→"
        #expect(needed.filter { BitmapFont.glyphs[$0] == nil }.isEmpty)
    }

    @Test func isSetReadsTheCellAtColumnAndRow() {
        // "1": ..#.. / .##.. / ..#.. × 4 / .###.
        #expect(BitmapFont.isSet("1", x: 2, y: 0) && !BitmapFont.isSet("1", x: 1, y: 0))
        #expect(BitmapFont.isSet("1", x: 1, y: 1) && BitmapFont.isSet("1", x: 2, y: 1))
        #expect((0..<5).map { BitmapFont.isSet("1", x: $0, y: 6) } == [false, true, true, true, false])
        // "L": the left column, then the bottom row.
        #expect((0..<7).allSatisfy { BitmapFont.isSet("L", x: 0, y: $0) })
        #expect((0..<5).allSatisfy { BitmapFont.isSet("L", x: $0, y: 6) } && !BitmapFont.isSet("L", x: 4, y: 5))
        // A space sets nothing.
        #expect(!(0..<7).contains { y in (0..<5).contains { BitmapFont.isSet(" ", x: $0, y: y) } })
    }

    @Test func aCharacterWithoutAGlyphDrawsAsAQuestionMark() {
        for y in 0..<7 {
            for x in 0..<5 {
                #expect(BitmapFont.isSet("€", x: x, y: y) == BitmapFont.isSet("?", x: x, y: y), "cell (\(x), \(y))")
            }
        }
    }

    @Test func widthIsTheAdvanceTimesTheCountLessTheLastGap() {
        #expect(BitmapFont.width(of: "") == 0)
        #expect(BitmapFont.width(of: "a") == 5)
        #expect(BitmapFont.width(of: "20k") == 17)
        #expect(Raster.textWidth("20k", scale: 2) == 34 && Raster.textHeight(scale: 3) == 21)
    }
}
