import Recipe

/// A recipe as `melshard build` reads one: from a file (so the byte-level UTF-8 check runs),
/// parsed as TOML and decoded into a `Recipe`, every key checked.
enum RecipeFuzz {
    private static let scratch = FuzzScratch("recipe")

    static func run(_ bytes: [UInt8]) -> Bool {
        let path = scratch.write("fuzz.toml", bytes)
        return (try? RecipeLoader.load(path: path)) != nil
    }
}
