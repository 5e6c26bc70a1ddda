import Foundation
import Recipe
import TestSupport
import Testing

/// Issue 17, defect 2: `name = ".."` made the default output `out/..`, outside `out/`.
@Suite struct RecipeNameTests {
    let directory = TemporaryDirectory("recipe-name")

    func problems(name: String) throws -> [RecipeError.Problem] {
        let path = directory.file("r.toml")
        try """
        seed = 1
        name = "\(name)"

        [[corpus]]
        name = "music"
        kind = "folder"
        root = "data/music"
        """.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try RecipeLoader.load(path: path)
            return []
        } catch let error as RecipeError {
            return error.problems
        }
    }

    @Test(arguments: ["..", "../x", "a/b", "", ".", "/abs", "tab\\there"])
    func aNameThatIsAPathIsAProblemOnItsLine(_ name: String) throws {
        let found = try problems(name: name)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.key == "name")
        #expect(found.first?.line == 2)
        #expect(found.first?.message.contains("is not a plain name") == true, "\(found)")
    }

    @Test(arguments: ["ren-gtzan", "my dataset", "v1.2", "études", "..hidden-but-plain"])
    func plainNamesPass(_ name: String) throws {
        #expect(try problems(name: name).isEmpty)
    }
}
