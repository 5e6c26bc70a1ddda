/// A failure inside libespeak-ng, with the C function that reported it.
public struct EspeakError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The C function that failed (`espeak_Initialize`, `espeak_SetVoiceByName`, `espeak_Synth`).
    public var function: String
    public var reason: String

    public init(function: String, reason: String) {
        self.function = function
        self.reason = reason
    }

    public var description: String { "espeak-ng: \(reason) (\(function))" }
}
