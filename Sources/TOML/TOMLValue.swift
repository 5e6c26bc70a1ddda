/// One value in a TOML document.
///
/// Dates and times are deliberately absent: melshard recipes have none, and the parser
/// rejects them with an error rather than guessing at a representation.
public enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    /// A static array (`[1, 2]`) or an array of tables (`[[name]]`); TOML 1.0 allows mixed types.
    case array([TOMLValue])
    case table(TOMLTable)

    /// The TOML name of the value's type, for messages such as "expected a string, found an integer".
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .array: "array"
        case .table: "table"
        }
    }
}
