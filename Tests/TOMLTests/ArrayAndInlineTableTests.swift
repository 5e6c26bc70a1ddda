import TOML
import Testing

@Suite struct ArrayTests {
    @Test func arraysOfEveryKind() throws {
        let table = try parse(
            """
            integers = [ 1, 2, 3 ]
            colors = [ "red", "yellow", "green" ]
            nested = [ [ 1, 2 ], [3, 4, 5] ]
            mixed = [ [ 1, 2 ], ["a", 'b', "c"], 0.5, true ]
            strings = [ "all", 'strings', \"\"\"are the same\"\"\", '''type''' ]
            empty = []
            points = [ { x = 1, y = 2 }, { x = 7, y = 8 } ]
            """)
        #expect(table["integers"] == [1, 2, 3])
        #expect(table["colors"] == ["red", "yellow", "green"])
        #expect(table["nested"] == [[1, 2], [3, 4, 5]])
        #expect(table["mixed"] == [[1, 2], ["a", "b", "c"], 0.5, true])
        #expect(table["strings"] == ["all", "strings", "are the same", "type"])
        #expect(table["empty"] == [])
        #expect(table["points"] == [["x": 1, "y": 2], ["x": 7, "y": 8]])
    }

    @Test func arraysMaySpanLinesWithCommentsAndATrailingComma() throws {
        let table = try parse(
            """
            numbers = [   # opening comment
              1,
              2, # after two

              # a line of its own
              3,
            ]
            after = "still parsed"
            """)
        #expect(table["numbers"] == [1, 2, 3])
        #expect(table["after"] == "still parsed")
        #expect(table.line(of: "after") == 8)
    }
}

@Suite struct InlineTableTests {
    @Test func inlineTablesHoldKeysNestedTablesAndDottedKeys() throws {
        let table = try parse(
            """
            name = { first = "Tom", last = "Preston-Werner" }
            point = {x=1,y=2}
            empty = {}
            animal = { type.name = "pug", type.size = "small", "quoted key" = { deep = [1] } }
            """)
        #expect(table["name"] == ["first": "Tom", "last": "Preston-Werner"])
        #expect(table["point"] == ["x": 1, "y": 2])
        #expect(table["empty"] == .table(TOMLTable()))
        #expect(table["animal"] == ["type": ["name": "pug", "size": "small"], "quoted key": ["deep": [1]]])
    }

    @Test func inlineTablesRecordTheirLineAndKeyOrder() throws {
        let table = try parse("\n\nratios = { train = 0.8, validation = 0.1, test = 0.1 }")
        guard case .table(let ratios)? = table["ratios"] else {
            Issue.record("ratios is not a table")
            return
        }
        #expect(ratios.keys == ["train", "validation", "test"])
        #expect(ratios.line == 3)
        #expect(ratios.line(of: "test") == 3)
        #expect(table.line(of: "ratios") == 3)
    }

    @Test func arraysInsideInlineTablesMaySpanLines() throws {
        let table = try parse("t = { list = [\n  1,\n  2,\n] }")
        #expect(table["t"] == ["list": [1, 2]])
    }
}
