import CSampleRate

/// A failure reported by libsamplerate, with the C function and libsamplerate's own message.
public struct SampleRateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var function: String
    public var reason: String

    public var description: String { "resampling failed in \(function): \(reason)" }
}

/// Every libsamplerate status passes through here.
func check(_ status: Int32, _ function: String) throws(SampleRateError) {
    guard status != 0 else { return }
    let reason = src_strerror(status).map { String(cString: $0) } ?? "error \(status)"
    throw SampleRateError(function: function, reason: reason)
}
