import Foundation

/// `--json` output: sorted keys, so scripts and diffs see a stable shape.
enum JSONOutput {
    /// `snakeCaseKeys` turns Swift's property names into the files' `snake_case` keys, for
    /// values whose types declare no coding keys of their own.
    static func encode(_ value: some Encodable, snakeCaseKeys: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        if snakeCaseKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
        return try encoder.encode(value)
    }
}
