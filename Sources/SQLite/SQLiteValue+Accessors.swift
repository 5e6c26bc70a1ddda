extension SQLiteValue {
    /// The integer, or nil for any other kind.
    public var integer: Int64? { if case .integer(let v) = self { v } else { nil } }
    public var int: Int? { integer.map(Int.init) }
    /// A real, or an integer widened, since SQLite stores `2.0` as an integer in a REAL column.
    public var real: Double? {
        switch self {
        case .real(let v): v
        case .integer(let v): Double(v)
        default: nil
        }
    }
    public var text: String? { if case .text(let v) = self { v } else { nil } }
}
