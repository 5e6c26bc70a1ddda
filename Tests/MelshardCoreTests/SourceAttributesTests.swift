import Foundation
import MelshardCore
import Testing

@Suite struct SourceAttributesTests {
    @Test func entriesAreSortedByNameWhateverTheOrderGiven() {
        let a = SourceAttributes([("sentence", "Hello."), ("age", ""), ("tsv", "validated")])
        let b: SourceAttributes = ["tsv": "validated", "sentence": "Hello.", "age": ""]
        #expect(a == b && a.bytes == b.bytes && a.hashValue == b.hashValue)
        #expect(a.map(\.name) == ["age", "sentence", "tsv"])
        #expect(a.map(\.value) == ["", "Hello.", "validated"])
        #expect(a.count == 3 && !a.isEmpty)
        #expect(a.dictionary == ["tsv": "validated", "sentence": "Hello.", "age": ""])
    }

    @Test func aNameGivenTwiceKeepsItsLastValueAsADictionaryWould() {
        let a = SourceAttributes([("x", "1"), ("y", "2"), ("x", "3")])
        #expect(a.count == 2 && a["x"] == "3" && a["y"] == "2")
    }

    @Test func settingAndRemovingAValueRepacks() {
        var a: SourceAttributes = ["folder": "Waltz"]
        a["tempo_bpm"] = "84"
        #expect(a == ["folder": "Waltz", "tempo_bpm": "84"])
        a["folder"] = "Tango"
        #expect(a["folder"] == "Tango" && a.count == 2)
        a["folder"] = nil
        #expect(a == ["tempo_bpm": "84"] && a["folder"] == nil)
        a["tempo_bpm"] = nil
        #expect(a.isEmpty && a.bytes.isEmpty && a == SourceAttributes())
    }

    /// Values come from manifests, which may hold anything: tabs, NUL, long and non-ASCII text.
    @Test func anyTextRoundTrips() {
        let long = String(repeating: "é🎵\t", count: 5000)
        let pairs = [("", "empty name"), ("nul", "a\u{0}b"), ("long", long), ("naïve", "")]
        let a = SourceAttributes(pairs)
        #expect(a.dictionary == Dictionary(uniqueKeysWithValues: pairs))
        #expect(a["long"] == long && a["nul"] == "a\u{0}b" && a[""] == "empty name" && a["naïve"] == "")
        #expect(SourceAttributes(a.dictionary) == a)
    }

    /// Unequal attributes never share bytes, so a key may hash the bytes as they are.
    @Test func theBytesTellEntriesApart() {
        let splits: [SourceAttributes] = [["ab": "c"], ["a": "bc"], ["a": "b", "c": ""], ["abc": ""], [:]]
        #expect(Set(splits.map(\.bytes)).count == splits.count)
    }

    /// Set aside in a scratch file, attributes read, compare and hash as they did in memory,
    /// and setting a value brings them back into memory.
    @Test func spilledAttributesAreTheSameAttributes() throws {
        let originals: [SourceAttributes] = [
            ["sentence": "Hello there.", "client_id": String(repeating: "ab", count: 64)], [:],
            ["long": String(repeating: "é🎵\t", count: 5000), "nul": "a\u{0}b"], ["tempo_bpm": "84"],
        ]
        var writer = ScratchFile.Writer(try ScratchFile(directory: NSTemporaryDirectory()))
        var spilled = try originals.map { try $0.spilled(into: &writer) }
        try writer.flush()
        for (original, copy) in zip(originals, spilled) {
            #expect(copy.isSpilled && !original.isSpilled)
            #expect(copy == original && copy.bytes == original.bytes && copy.hashValue == original.hashValue)
            #expect(copy.count == original.count && Array(copy).map(\.name) == Array(original).map(\.name))
            #expect(copy.dictionary == original.dictionary)
        }
        #expect(spilled[0]["sentence"] == "Hello there." && spilled[0]["missing"] == nil)
        spilled[3]["folder"] = "Waltz"
        #expect(!spilled[3].isSpilled && spilled[3] == ["tempo_bpm": "84", "folder": "Waltz"])
    }
}
