import TOML
import Testing

@Suite struct TableTests {
    @Test func headersOpenTablesAndRecordTheirLines() throws {
        let table = try parse(
            """
            top = 1

            [table-1]
            key1 = "some string"
            key2 = 123

            [ dog . "tater.man" ]   # spaces and a quoted part
            type.name = "pug"
            """)
        #expect(
            table == [
                "top": 1,
                "table-1": ["key1": "some string", "key2": 123],
                "dog": ["tater.man": ["type": ["name": "pug"]]],
            ])
        #expect(table.keys == ["top", "table-1", "dog"])
        #expect(table.line == nil)
        #expect(table.line(of: "top") == 1)
        #expect(table.line(of: "table-1") == 3)
        #expect(table.line(of: "dog") == 7)
        guard case .table(let first)? = table["table-1"] else {
            Issue.record("table-1 is not a table")
            return
        }
        #expect(first.line == 3)
        #expect(first.line(of: "key2") == 5)
        #expect(first.line(of: "missing") == nil)
    }

    @Test func aSuperTableMayBeDefinedAfterItsSubTables() throws {
        let table = try parse(
            """
            [x.y.z.w]
            a = 1
            [x]
            b = 2
            """)
        #expect(table == ["x": ["y": ["z": ["w": ["a": 1]]], "b": 2]])
        // `x` was first named on line 1 but defined by its own header on line 3.
        #expect(table.line(of: "x") == 3)
        guard case .table(let x)? = table["x"] else {
            Issue.record("x is not a table")
            return
        }
        #expect(x.line == 3)
        #expect(x.line(of: "y") == 1)
    }

    @Test func emptyTablesAndKeyOrder() throws {
        let table = try parse("[b]\n[a]\n[c]")
        #expect(table.keys == ["b", "a", "c"])
        #expect(table["a"] == .table(TOMLTable()))
    }

    @Test func arraysOfTablesAppendOneTablePerHeader() throws {
        let table = try parse(
            """
            [[product]]
            name = "Hammer"
            sku = 738594937

            [[product]]  # empty table within the array

            [[product]]
            name = "Nail"
            color = "gray"
            """)
        #expect(table["product"] == [["name": "Hammer", "sku": 738_594_937], [:], ["name": "Nail", "color": "gray"]])
        #expect(table.line(of: "product") == 1)
        guard case .array(let products)? = table["product"] else {
            Issue.record("product is not an array")
            return
        }
        let lines = products.map { value -> Int? in
            guard case .table(let product) = value else { return nil }
            return product.line
        }
        #expect(lines == [1, 5, 7])
    }

    @Test func subTablesAndNestedArraysBelongToTheLatestElement() throws {
        let table = try parse(
            """
            [[fruits]]
            name = "apple"

            [fruits.physical]  # subtable
            color = "red"
            shape = "round"

            [[fruits.varieties]]  # nested array of tables
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"
            """)
        #expect(
            table == [
                "fruits": [
                    [
                        "name": "apple",
                        "physical": ["color": "red", "shape": "round"],
                        "varieties": [["name": "red delicious"], ["name": "granny smith"]],
                    ],
                    ["name": "banana", "varieties": [["name": "plantain"]]],
                ]
            ])
    }

    @Test func commentsBlankLinesAndIndentationAreIgnored() throws {
        let table = try parse(
            """
            # full-line comment
                indented = 1   # trailing comment with "quotes" and = signs

            \t[section]  # header comment
            \tkey = "value # not a comment"
            #
            """)
        #expect(table == ["indented": 1, "section": ["key": "value # not a comment"]])
    }

    @Test func emptyDocumentsAreEmptyTables() throws {
        #expect(try parse("") == TOMLTable())
        #expect(try parse("\n  # only a comment\n\n") == TOMLTable())
    }
}

@Suite struct LineEndingAndEncodingTests {
    @Test func crlfLineEndingsReadLikeLF() throws {
        let table = try parse("# c\r\na = 1\r\n[t]\r\nb = [\r\n  2,\r\n]  # x\r\nc = 'z'\r\n")
        #expect(table == ["a": 1, "t": ["b": [2], "c": "z"]])
        guard case .table(let t)? = table["t"] else {
            Issue.record("t is not a table")
            return
        }
        #expect(t.line(of: "c") == 7)
    }

    @Test func aLeadingByteOrderMarkIsSkipped() throws {
        let table = try parse("\u{FEFF}name = \"x\"")
        #expect(table.keys == ["name"])
        // Columns count from after the mark.
        #expect(parseError("\u{FEFF}name x") == "recipe.toml:1:6: expected '=' after key 'name', found 'x'")
    }

    @Test func datesAreRejectedRatherThanMisread() {
        #expect(
            parseError("when = 1979-05-27T07:32:00Z")
                == "recipe.toml:1:8: dates and times are not supported (melshard recipes have no date values); quote '1979-05-27T07:32:00Z' if it is meant as a string"
        )
        #expect(
            parseError("when = 1979-05-27")
                == "recipe.toml:1:8: dates and times are not supported (melshard recipes have no date values); quote '1979-05-27' if it is meant as a string"
        )
        #expect(
            parseError("at = 07:32:00")
                == "recipe.toml:1:6: dates and times are not supported (melshard recipes have no date values); quote '07:32:00' if it is meant as a string"
        )
    }
}

@Suite struct ModelTests {
    @Test func typeNamesNameTheTOMLTypes() {
        let values: [TOMLValue] = ["s", 1, 1.5, true, [], [:]]
        #expect(values.map(\.typeName) == ["string", "integer", "float", "boolean", "array", "table"])
    }

    @Test func tablesCompareByContentNotByOrderOrLines() throws {
        let parsed = try parse("\n\nb = 2\na = 1")
        let literal: TOMLTable = ["a": 1, "b": 2]
        #expect(parsed == literal)
        #expect(parsed.keys == ["b", "a"])
        #expect(literal.keys == ["a", "b"])
        #expect(literal.line(of: "a") == nil)
        #expect(parsed != ["a": 1, "b": 3])
        #expect(parsed != ["a": 1])
        #expect(parsed != ["a": 1, "c": 2])
    }

    @Test func anEmptyTableHasNothing() {
        let table = TOMLTable()
        #expect(table.keys.isEmpty)
        #expect(table["x"] == nil)
        #expect(table.line == nil)
    }

    @Test func errorsDescribeThemselvesLikeACompiler() {
        let error = TOMLError(path: "r.toml", line: 3, column: 7, reason: "bad")
        #expect(error.description == "r.toml:3:7: bad")
        #expect(
            TOMLError(path: "r.toml", line: 0, column: 0, reason: "no such file").description == "r.toml: no such file")
    }
}
