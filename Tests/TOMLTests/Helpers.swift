import TOML

/// Parses `text` as the file `recipe.toml`.
func parse(_ text: String) throws(TOMLError) -> TOMLTable {
    try TOMLDocument.parse(text, path: "recipe.toml")
}

/// The `PATH:LINE:COLUMN: REASON` of the error that parsing `text` throws, or nil if it parses.
/// Comparing the whole description checks the position and the wording in one expectation.
func parseError(_ text: String) -> String? {
    do {
        _ = try parse(text)
        return nil
    } catch {
        return error.description
    }
}
