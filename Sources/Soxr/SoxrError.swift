/// A failure reported by libsoxr, with the C function and libsoxr's own message.
public struct SoxrError: Error, Sendable, Equatable, CustomStringConvertible {
    public var function: String
    public var reason: String

    public var description: String { "resampling failed in \(function): \(reason)" }
}

/// Every libsoxr call that returns an error string passes through here.
func check(_ error: UnsafePointer<CChar>?, _ function: String) throws(SoxrError) {
    guard let error else { return }
    throw SoxrError(function: function, reason: String(cString: error))
}
