/// A feature parameter that cannot work, named by its recipe key, with what would.
public struct FeatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The recipe key, e.g. `n_fft` or `features.fmax`.
    public var key: String
    /// The offending value as the user wrote it.
    public var value: String
    /// What is allowed, in words: `an integer ≥ 2`, `one of hann, hamming, …`.
    public var allowed: String

    public init(key: String, value: String, allowed: String) {
        self.key = key
        self.value = value
        self.allowed = allowed
    }

    public var description: String { "invalid \(key) = \(value): expected \(allowed)" }
}
