import TOML
import Testing

@Suite struct StringTests {
    @Test func basicStringsUnescapeEveryTOMLEscape() throws {
        let table = try parse(#"s = "b\b t\t n\n f\f r\r q\" bs\\ u\u00E9 U\U0001F600 nul\u0000""#)
        #expect(table["s"] == .string("b\u{8} t\t n\n f\u{C} r\r q\" bs\\ u\u{E9} U\u{1F600} nul\u{0}"))
    }

    @Test func basicStringsKeepUnicodeAndTabsAsWritten() throws {
        let table = try parse("s = \"héllo\twörld 🎵\"\nempty = \"\"")
        #expect(table["s"] == "héllo\twörld 🎵")
        #expect(table["empty"] == "")
    }

    @Test func literalStringsTakeBackslashesLiterally() throws {
        let table = try parse(
            #"""
            path = 'C:\Users\mel\corpus'
            regex = '<\i\c*\s*>'
            quoted = 'say "hi"'
            empty = ''
            """#)
        #expect(table["path"] == #"C:\Users\mel\corpus"#)
        #expect(table["regex"] == #"<\i\c*\s*>"#)
        #expect(table["quoted"] == #"say "hi""#)
        #expect(table["empty"] == "")
    }

    @Test func multilineBasicStringsDropTheFirstNewlineAndKeepTheRest() throws {
        let table = try parse("s = \"\"\"\nRoses are red\n  Violets\tare \\\"blue\\\"\n\"\"\"")
        #expect(table["s"] == "Roses are red\n  Violets\tare \"blue\"\n")
    }

    @Test func lineEndingBackslashJoinsLines() throws {
        let table = try parse("s = \"\"\"\\\n    The quick brown \\\n\n\n      fox jumps \\   \n   over.\\\n    \"\"\"")
        #expect(table["s"] == "The quick brown fox jumps over.")
    }

    @Test func multilineStringsMayHoldQuotesBeforeTheClosingDelimiter() throws {
        let table = try parse(
            #"""
            one = """Here are two quotation marks: "". Simple enough."""
            two = """Here are three: ""\"."""
            end = """"This," she said, "is just a pointless statement.""""
            lit = ''''That,' she said, 'is still pointless.''''
            empty = """"""
            """#)
        #expect(table["one"] == #"Here are two quotation marks: "". Simple enough."#)
        #expect(table["two"] == #"Here are three: """."#)
        #expect(table["end"] == #""This," she said, "is just a pointless statement.""#)
        #expect(table["lit"] == "'That,' she said, 'is still pointless.'")
        #expect(table["empty"] == "")
    }

    @Test func multilineLiteralStringsTakeEverythingLiterally() throws {
        let table = try parse(
            "s = '''\nThe first newline is\ntrimmed in raw strings.\n   All other \\n whitespace\n   is preserved.\n'''"
        )
        #expect(
            table["s"]
                == "The first newline is\ntrimmed in raw strings.\n   All other \\n whitespace\n   is preserved.\n")
    }

    @Test func multilineStringsReadCRLFAsLF() throws {
        let table = try parse("a = \"\"\"\r\none\r\ntwo\"\"\"\r\nb = '''x\r\ny'''\r\n")
        #expect(table["a"] == "one\ntwo")
        #expect(table["b"] == "x\ny")
    }
}
