import Foundation
import TOML
import TestSupport
import Testing

/// Issue 17, defect 6: values are read recursively, so a recipe of `a = [[[[…]]]]` 20,000 deep
/// overflowed the stack (signal 11). Nesting now stops at `maximumDepth` (128) with an error
/// naming the line, and so do keys of more than 128 parts.
@Suite struct NestingDepthTests {
    static func arrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
    }

    static func inlineTables(_ depth: Int) -> String {
        String(repeating: "{ b = ", count: depth) + "1" + String(repeating: " }", count: depth)
    }

    @Test func twentyThousandNestedArraysAreAnErrorNamingTheLine() {
        let error = parseError("name = \"x\"\n\na = \(Self.arrays(20_000))\n")
        let reason = "arrays and inline tables nest more than 128 levels deep here; a recipe needs a few"
        #expect(error == "recipe.toml:3:133: " + reason, "the 129th bracket, on line 3")
    }

    @Test func twentyThousandNestedInlineTablesAreAnErrorNamingTheLine() {
        let error = parseError("a = \(Self.inlineTables(20_000))\n")
        #expect(error?.hasPrefix("recipe.toml:1:") == true)
        #expect(error?.contains("more than 128 levels deep") == true)
    }

    @Test func nestingUpToTheLimitStillParses() throws {
        var array = try parse("a = \(Self.arrays(128))\n")["a"]
        for _ in 0..<128 {
            guard case .array(let elements)? = array, elements.count == 1 else {
                Issue.record("expected a one-element array, found \(String(describing: array))")
                return
            }
            array = elements[0]
        }
        #expect(array == .integer(1))
        #expect(parseError("a = \(Self.arrays(129))\n")?.contains("more than 128 levels") == true)

        #expect(throws: Never.self) { try parse("a = \(Self.inlineTables(128))\n") }
        #expect(parseError("a = \(Self.inlineTables(129))\n")?.contains("more than 128 levels") == true)
    }

    @Test func dottedKeysInsideInlineTablesCountTowardsTheDepth() {
        // 64 inline tables, each opening 2 more tables with a dotted key: 192 levels.
        let deep = String(repeating: "{ b.c.d = ", count: 64) + "1" + String(repeating: " }", count: 64)
        #expect(parseError("a = \(deep)\n")?.contains("more than 128 levels") == true)
        let fine = String(repeating: "{ b.c = ", count: 64) + "1" + String(repeating: " }", count: 64)
        #expect(parseError("a = \(fine)\n") == nil)
    }

    @Test func keysOfTwentyThousandPartsAreAnError() {
        let key = Array(repeating: "k", count: 20_000).joined(separator: ".")
        for text in ["\(key) = 1\n", "[\(key)]\n", "[[\(key)]]\n", "x = { \(key) = 1 }\n"] {
            let error = parseError(text)
            #expect(
                error?.contains("a dotted key has more than 128 parts") == true,
                "\(text.prefix(12)): \(error ?? "parsed")")
        }
        let longest = Array(repeating: "k", count: 128).joined(separator: ".")
        #expect(parseError("\(longest) = 1\n") == nil)
        #expect(parseError("[\(longest)]\n") == nil)
    }

    /// The reproduction: `melshard build --dry-run` of such a recipe exits with the error, not a signal.
    @Test func melshardReportsTheRecipeLineInsteadOfCrashing() throws {
        let directory = TemporaryDirectory("toml-depth")
        let recipe = directory.file("deep.toml")
        try "name = \"deep\"\na = \(Self.arrays(20_000))\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        let outcome = try Melshard.run(["build", recipe, "--out", directory.file("out"), "--dry-run"])
        #expect(!outcome.killedBySignal)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("deep.toml:2:"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("more than 128 levels deep"))
    }
}
