/// A failure inside libpocketsphinx, with the C function that reported it and why.
public struct PocketSphinxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The C function that failed (`ps_init`, `ps_add_word`, `ps_set_fsg`, `ps_process_raw`, …).
    public var function: String
    public var reason: String

    public init(function: String, reason: String) {
        self.function = function
        self.reason = reason
    }

    public var description: String { "pocketsphinx: \(reason) (\(function))" }
}
