/// A parsed JSON value, as much of JSON as a safetensors header needs.
enum JSONValue: Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    /// The number exactly as written. Headers only hold integers; keeping the text lets the
    /// reader refuse fractions and out-of-range values instead of silently rounding them.
    case number(String)
    case bool(Bool)
    case null

    /// What kind of value this is, for error messages: "a number", "an object", ….
    var kind: String {
        switch self {
        case .object: "an object"
        case .array: "a list"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    /// The value as a non-negative `Int`, if it is an integer literal that fits.
    var nonNegativeInt: Int? {
        guard case .number(let text) = self, let value = Int(text), value >= 0 else { return nil }
        return value
    }
}
