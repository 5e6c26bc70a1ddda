import ArgumentParser

/// Number options whose values can be typed wrong in a way worth a sentence of its own.
///
/// Numeric options are declared with `parsing: .unconditional`, so that `--offset -5` reaches
/// the command's own check ("must be ≥ 0") instead of being taken for an option and reported
/// as a missing value.
enum NumberArgument {
    /// A seed: a whole number from 0 to 2⁶⁴ − 1.
    static func seed(_ text: String) throws -> UInt64 {
        guard let value = UInt64(text) else {
            throw ValidationError("a seed is a whole number from 0 to \(UInt64.max)")
        }
        return value
    }
}
