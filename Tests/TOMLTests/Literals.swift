import TOML

// Literal conformances, so expected trees read like the TOML they stand for:
// `["name": "demo", "seed": 1234]`. They live here, not in the TOML module, because public
// literal conformances make every literal in every module that loads TOML harder to type-check.

extension TOMLValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension TOMLValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension TOMLValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .float(value) }
}

extension TOMLValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
}

extension TOMLValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: TOMLValue...) { self = .array(elements) }
}

extension TOMLValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, TOMLValue)...) {
        self = .table(TOMLTable(elements))
    }
}

extension TOMLTable: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, TOMLValue)...) {
        self.init(elements)
    }
}
