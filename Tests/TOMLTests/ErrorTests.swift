import TOML
import Testing

/// Each error names the file, the line and column of the offending text, and the reason.
@Suite struct DefinitionErrorTests {
    @Test func duplicateKey() {
        #expect(
            parseError("a = 1\nb = 2\n x = 3\nx = 4") == "recipe.toml:4:1: key 'x' is defined twice (first on line 3)")
    }

    @Test func duplicateDottedKey() {
        #expect(
            parseError("[t]\nphysical.color = 1\nphysical.color = 2")
                == "recipe.toml:3:1: key 'physical.color' is defined twice (first on line 2)")
    }

    @Test func duplicateKeyInAnInlineTable() {
        #expect(
            parseError("p = { x = 1, y = 2, x = 3 }") == "recipe.toml:1:21: key 'x' is defined twice (first on line 1)")
    }

    @Test func keyRedefinedAsATable() {
        #expect(
            parseError("[fruit]\napple = 1\n[fruit.apple]")
                == "recipe.toml:3:2: cannot define table 'fruit.apple': it is already an integer (line 2)")
        #expect(parseError("a.b = 1\na = 2") == "recipe.toml:2:1: key 'a' is defined twice (first on line 1)")
    }

    @Test func tableDefinedTwice() {
        #expect(
            parseError("[a]\nx = 1\n\n[a]\ny = 2") == "recipe.toml:4:2: table 'a' is defined twice (first on line 1)")
        #expect(parseError("[a.b]\n[a]\n[a.b]") == "recipe.toml:3:2: table 'a.b' is defined twice (first on line 1)")
    }

    @Test func tableDefinedByDottedKeysThenByAHeader() {
        #expect(
            parseError("[fruit]\napple.color = \"red\"\n\n[fruit.apple]")
                == "recipe.toml:4:2: table 'fruit.apple' is defined twice (first by dotted keys on line 2)")
    }

    @Test func dottedKeysReachingIntoAHeaderTable() {
        #expect(
            parseError("[a.b.c]\nz = 9\n[a]\nb.c.t = 1")
                == "recipe.toml:4:3: cannot set key 'b.c.t': 'b.c' is a table defined by its own header (line 1); dotted keys cannot add to it from elsewhere"
        )
    }

    @Test func dottedKeysReachingThroughAValue() {
        #expect(
            parseError("a = \"s\"\na.b = 1")
                == "recipe.toml:2:1: cannot set key 'a.b': 'a' is a string (line 1), not a table")
        #expect(
            parseError("a = {x = 1}\na.y = 2")
                == "recipe.toml:2:1: cannot set key 'a.y': 'a' is an inline table (line 1), which cannot be extended")
    }

    @Test func appendingToAStaticArray() {
        #expect(
            parseError("fruits = []\n\n[[fruits]]")
                == "recipe.toml:3:3: cannot append to 'fruits' with [[fruits]]: it is already a static array (line 1)")
    }

    @Test func mixingTablesAndArraysOfTables() {
        #expect(
            parseError("[fruit.physical]\ncolor = \"red\"\n[[fruit]]")
                == "recipe.toml:3:3: cannot append to 'fruit' with [[fruit]]: it is already a table (line 1)")
        #expect(
            parseError("[[fruit]]\n[fruit]")
                == "recipe.toml:2:2: cannot define table 'fruit': it is already an array of tables (line 1)")
    }

    @Test func headersThroughAValueOrAnInlineTable() {
        #expect(
            parseError("a = [1]\n[a.b]")
                == "recipe.toml:2:2: cannot open table 'a.b': 'a' is a static array (line 1), not a table")
        #expect(
            parseError("a = { x = 1 }\n[a.b]")
                == "recipe.toml:2:2: cannot open table 'a.b': 'a' is an inline table (line 1), not a table")
        #expect(
            parseError("a = { x = 1 }\n[a]")
                == "recipe.toml:2:2: cannot define table 'a': it is already an inline table (line 1)")
    }
}

@Suite struct StringErrorTests {
    @Test func unterminatedStrings() {
        #expect(
            parseError("a = 1\nname = \"folder-demo\nseed = 1")
                == "recipe.toml:2:8: unterminated string: expected a closing \" before the end of the line")
        #expect(
            parseError("name = 'abc")
                == "recipe.toml:1:8: unterminated string: expected a closing ' before the end of the file")
        #expect(
            parseError("s = \"\"\"\nline\n\"\"")
                == "recipe.toml:1:5: unterminated string: expected a closing \"\"\" before the end of the file")
        #expect(
            parseError("s = '''abc''")
                == "recipe.toml:1:5: unterminated string: expected a closing ''' before the end of the file")
    }

    @Test func invalidEscapes() {
        #expect(
            parseError(#"s = "a\qb""#)
                == #"recipe.toml:1:7: invalid escape '\q'; valid escapes are \b \t \n \f \r \" \\ \uXXXX and \UXXXXXXXX"#
        )
        #expect(
            parseError(#"s = "\e""#)
                == #"recipe.toml:1:6: invalid escape '\e'; valid escapes are \b \t \n \f \r \" \\ \uXXXX and \UXXXXXXXX"#
        )
        #expect(
            parseError(#"s = "\u12G4""#) == #"recipe.toml:1:6: invalid escape '\u12': \u needs exactly 4 hex digits"#)
        #expect(
            parseError(#"s = "\U0001F60""#)
                == #"recipe.toml:1:6: invalid escape '\U0001F60': \U needs exactly 8 hex digits"#)
        #expect(
            parseError(#"s = "\uD800""#)
                == #"recipe.toml:1:6: invalid escape '\uD800': not a Unicode scalar value (surrogates and values above 10FFFF are not characters)"#
        )
        #expect(
            parseError("s = \"\"\"\n\\ x\"\"\"")
                == #"recipe.toml:2:1: invalid escape '\ '; valid escapes are \b \t \n \f \r \" \\ \uXXXX and \UXXXXXXXX"#
        )
    }

    @Test func backslashAtTheEndOfASingleLineString() {
        #expect(
            parseError("s = \"abc\\\ndef\"")
                == "recipe.toml:1:9: invalid escape: a backslash must be followed by one of b t n f r \" \\ u U")
    }

    @Test func controlCharactersInStrings() {
        #expect(
            parseError("s = \"a\u{7}b\"")
                == "recipe.toml:1:7: control character U+0007 is not allowed in a string; write it as the escape \\u0007 in a basic string"
        )
        #expect(
            parseError("s = 'a\u{1F}'")
                == "recipe.toml:1:7: control character U+001F is not allowed in a string; write it as the escape \\u001F in a basic string"
        )
        #expect(
            parseError("s = \"\"\"\nok\u{7F}\"\"\"")
                == "recipe.toml:2:3: control character U+007F is not allowed in a string; write it as the escape \\u007F in a basic string"
        )
        #expect(
            parseError("s = \"a\rb\"")
                == "recipe.toml:1:7: control character U+000D is not allowed in a string; write it as the escape \\u000D in a basic string"
        )
    }

    @Test func controlCharactersInComments() {
        #expect(
            parseError("a = 1 # bell \u{7}") == "recipe.toml:1:14: control character U+0007 is not allowed in a comment"
        )
    }

    @Test func multilineStringsAsKeys() {
        #expect(parseError("\"\"\"key\"\"\" = 1") == "recipe.toml:1:1: a key cannot be a multi-line string")
    }
}

@Suite struct NumberErrorTests {
    @Test func leadingZeros() {
        #expect(parseError("n = 0123") == "recipe.toml:1:5: invalid number '0123': leading zeros are not allowed")
        #expect(parseError("n = -007.5") == "recipe.toml:1:6: invalid number '-007.5': leading zeros are not allowed")
    }

    @Test func misplacedUnderscores() {
        #expect(
            parseError("n = 1__000")
                == "recipe.toml:1:6: invalid number '1__000': an underscore must sit between two digits")
        #expect(
            parseError("n = 1_000_")
                == "recipe.toml:1:10: invalid number '1_000_': an underscore must sit between two digits")
        #expect(
            parseError("n = 1_.5")
                == "recipe.toml:1:6: invalid number '1_.5': an underscore must sit between two digits")
        #expect(
            parseError("n = 0x_ff")
                == "recipe.toml:1:7: invalid number '0x_ff': an underscore must sit between two digits")
    }

    @Test func malformedFloats() {
        #expect(
            parseError("f = 1.")
                == "recipe.toml:1:7: invalid number '1.': expected a decimal digit after the decimal point")
        #expect(parseError("f = .5") == "recipe.toml:1:5: invalid number '.5': expected a decimal digit")
        #expect(
            parseError("f = 1e")
                == "recipe.toml:1:7: invalid number '1e': expected a decimal digit after the exponent mark")
        #expect(
            parseError("f = 1.e5")
                == "recipe.toml:1:7: invalid number '1.e5': expected a decimal digit after the decimal point")
        #expect(parseError("f = 1.5.2") == "recipe.toml:1:8: invalid number '1.5.2': unexpected '.'")
        #expect(
            parseError("f = Inf")
                == "recipe.toml:1:5: expected a value, found 'Inf'; strings must be quoted, and booleans are written true or false"
        )
    }

    @Test func malformedPrefixedIntegers() {
        #expect(
            parseError("n = +0xff")
                == "recipe.toml:1:5: invalid number '+0xff': hexadecimal integers cannot have a sign")
        #expect(parseError("n = 0b102") == "recipe.toml:1:9: invalid number '0b102': unexpected '2'")
        #expect(parseError("n = 0o") == "recipe.toml:1:7: invalid number '0o': expected an octal digit")
        #expect(parseError("n = 0XFF") == "recipe.toml:1:6: invalid number '0XFF': unexpected 'X'")
    }

    @Test func integerOverflow() {
        #expect(
            parseError("n = 9223372036854775808")
                == "recipe.toml:1:5: invalid number '9223372036854775808': it does not fit in a 64-bit signed integer")
        #expect(
            parseError("n = -9_223_372_036_854_775_809")
                == "recipe.toml:1:5: invalid number '-9_223_372_036_854_775_809': it does not fit in a 64-bit signed integer"
        )
        #expect(
            parseError("n = 0x8000000000000000")
                == "recipe.toml:1:5: invalid number '0x8000000000000000': it does not fit in a 64-bit signed integer")
    }

    @Test func floatOverflow() {
        #expect(
            parseError("f = 1e400") == "recipe.toml:1:5: invalid number '1e400': it is too large for a 64-bit float")
    }
}

@Suite struct SyntaxErrorTests {
    @Test func missingEquals() {
        #expect(parseError("name \"folder-demo\"") == "recipe.toml:1:6: expected '=' after key 'name', found '\"'")
        #expect(parseError("[t]\nseed") == "recipe.toml:2:5: expected '=' after key 'seed', found end of file")
        #expect(parseError("seed\nx = 1") == "recipe.toml:1:5: expected '=' after key 'seed', found end of line")
    }

    @Test func invalidCharacterInABareKey() {
        #expect(
            parseError("sample€rate = 1")
                == "recipe.toml:1:7: invalid character '€' in bare key 'sample'; bare keys may only hold A-Z, a-z, 0-9, '_' and '-', so quote any other key"
        )
    }

    @Test func missingKey() {
        #expect(parseError("= 1") == "recipe.toml:1:1: expected a key, found '='")
        #expect(parseError("a. = 1") == "recipe.toml:1:4: expected a key, found '='")
    }

    @Test func missingValue() {
        #expect(parseError("a =\nb = 1") == "recipe.toml:1:4: expected a value, found end of line")
        #expect(parseError("a = ") == "recipe.toml:1:5: expected a value, found end of file")
        #expect(parseError("a = # comment") == "recipe.toml:1:5: expected a value, found '#'")
    }

    @Test func unquotedString() {
        #expect(
            parseError("crop = random")
                == "recipe.toml:1:8: expected a value, found 'random'; strings must be quoted, and booleans are written true or false"
        )
    }

    @Test func garbageAfterAValue() {
        #expect(
            parseError("a = \"x\" y")
                == "recipe.toml:1:9: unexpected 'y' after the value of 'a'; expected a comment or a new line")
        #expect(
            parseError("a = [1] ]")
                == "recipe.toml:1:9: unexpected ']' after the value of 'a'; expected a comment or a new line")
        #expect(
            parseError("a = 1 2")
                == "recipe.toml:1:7: unexpected '2' after the value of 'a'; expected a comment or a new line")
    }

    @Test func twoKeysOnOneLine() {
        #expect(
            parseError("n_mels = 96 preset = \"x\"")
                == "recipe.toml:1:13: found another key on the same line as the value of 'n_mels'; each key/value pair needs its own line"
        )
    }

    @Test func garbageAfterAHeader() {
        #expect(
            parseError("[clips] length = 2")
                == "recipe.toml:1:9: unexpected 'l' after the table header; expected a comment or a new line")
    }

    @Test func malformedHeaders() {
        #expect(
            parseError("[clips\nx = 1")
                == "recipe.toml:1:7: expected ']' to close the header [clips], found end of line")
        #expect(
            parseError("[[corpus]\nx = 1")
                == "recipe.toml:1:10: expected ']]' to close the header [[corpus]], found end of line")
        #expect(
            parseError("[[corpus] ]") == "recipe.toml:1:10: expected ']]' to close the header [[corpus]], found ' '")
        #expect(parseError("[]") == "recipe.toml:1:2: expected a key, found ']'")
        #expect(parseError("[a b]") == "recipe.toml:1:4: expected ']' to close the header [a], found 'b'")
    }

    @Test func unclosedArray() {
        #expect(
            parseError("a = 1\nextensions = [\"wav\",\n  \"flac\"\n")
                == "recipe.toml:2:14: unclosed array: expected ']' before the end of the file")
        #expect(parseError("a = [1 2]") == "recipe.toml:1:8: expected ',' or ']' after an array element, found '2'")
        #expect(parseError("a = [1,,2]") == "recipe.toml:1:8: expected a value, found ','")
    }

    @Test func unclosedInlineTable() {
        #expect(
            parseError("r = { train = 0.8")
                == "recipe.toml:1:5: unclosed inline table: expected '}' before the end of the file")
        #expect(
            parseError("r = { a = 1 b = 2 }")
                == "recipe.toml:1:13: expected ',' or '}' after a value in an inline table, found 'b'")
        #expect(parseError("r = { a 1 }") == "recipe.toml:1:9: expected '=' after key 'a', found '1'")
    }

    @Test func newlineInsideAnInlineTable() {
        #expect(
            parseError("r = { train = 0.8,\n  test = 0.2 }")
                == "recipe.toml:1:19: newline inside an inline table: TOML 1.0 inline tables must be on one line (use a [table] instead)"
        )
        #expect(
            parseError("r = {\r\n}")
                == "recipe.toml:1:6: newline inside an inline table: TOML 1.0 inline tables must be on one line (use a [table] instead)"
        )
    }

    @Test func trailingCommaOrCommentInAnInlineTable() {
        #expect(
            parseError("r = { a = 1, }")
                == "recipe.toml:1:14: expected a key after ',': TOML 1.0 does not allow a trailing comma in an inline table"
        )
        #expect(
            parseError("r = { a = 1 # no\n}")
                == "recipe.toml:1:13: comment inside an inline table: TOML 1.0 inline tables must be on one line")
    }

    @Test func loneCarriageReturn() {
        #expect(parseError("a = 1\rb = 2") == "recipe.toml:1:6: a carriage return must be followed by a line feed")
    }

    @Test func strayCharacterAtTheStartOfALine() {
        #expect(parseError("a = 1\n]") == "recipe.toml:2:1: expected a key, found ']'")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(
            parseError(#""ключ" = "значение" x"#)
                == #"recipe.toml:1:21: unexpected 'x' after the value of '"ключ"'; expected a comment or a new line"#)
    }
}
