import TOML
import Testing

@Suite struct KeyTests {
    @Test func bareKeysMayHoldLettersDigitsDashesAndUnderscores() throws {
        let table = try parse("key = 1\nbare_key = 2\nbare-key = 3\n1234 = 4\nA-Z_09 = 5")
        #expect(table.keys == ["key", "bare_key", "bare-key", "1234", "A-Z_09"])
        #expect(table["1234"] == 4)
    }

    @Test func quotedKeysMayHoldAnything() throws {
        let table = try parse(
            #"""
            "x y" = 1
            "ʎǝʞ" = 2
            'key2' = 3
            'quoted "value"' = 4
            "tab\tkey" = 5
            "" = 6
            """#)
        #expect(table.keys == ["x y", "ʎǝʞ", "key2", #"quoted "value""#, "tab\tkey", ""])
        #expect(table[""] == 6)
    }

    @Test func dottedKeysCreateNestedTables() throws {
        let table = try parse(
            """
            name = "Orange"
            physical.color = "orange"
            physical . shape = "round"
            site."google.com" = true
            3.14159 = "pi"
            """)
        #expect(
            table == [
                "name": "Orange",
                "physical": ["color": "orange", "shape": "round"],
                "site": ["google.com": true],
                "3": ["14159": "pi"],
            ])
        #expect(table.line(of: "physical") == 2)
        guard case .table(let physical)? = table["physical"] else {
            Issue.record("physical is not a table")
            return
        }
        #expect(physical.line == 2)
        #expect(physical.line(of: "shape") == 3)
    }

    @Test func dottedKeysMayExtendEachOtherUnderTheSameHeader() throws {
        let table = try parse(
            """
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            [fruit.apple.texture]
            smooth = true
            """)
        #expect(table == ["fruit": ["apple": ["color": "red", "taste": ["sweet": true], "texture": ["smooth": true]]]])
    }

    @Test func dottedKeysMayReachIntoTablesOnlyNamedByALongerHeader() throws {
        let table = try parse(
            """
            [a.b.c]
            z = 9
            [a]
            b.d = 1
            """)
        #expect(table == ["a": ["b": ["c": ["z": 9], "d": 1]]])
    }
}
