import CSndFile

/// A failure reported by libsndfile, with the file it concerns and libsndfile's own words.
///
/// The description is a single line, `path: reason`, because the command line prints it as is
/// and a researcher scanning a build log needs the file first.
public struct SoundFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file that was being opened, read or written.
    public var path: String
    /// The libsndfile function that failed (`sf_open`, `sf_readf_float`, ...).
    public var function: String
    /// libsndfile's own explanation (`sf_strerror`), or ours where libsndfile reported none.
    public var reason: String

    public init(path: String, function: String, reason: String) {
        self.path = path
        self.function = function
        self.reason = reason
    }

    public var description: String { "\(path): \(reason) (\(function))" }
}

/// Every libsndfile status passes through here, so each failure carries the C function's name
/// and libsndfile's message rather than a bare integer.
func check(_ status: Int32, _ function: String, handle: OpaquePointer?, path: String) throws(SoundFileError) {
    guard status != 0 else { return }
    throw SoundFileError(path: path, function: function, reason: libsndfileMessage(handle: handle, status: status))
}

func libsndfileMessage(handle: OpaquePointer?, status: Int32? = nil) -> String {
    // sf_error_number gives the text for a status; sf_strerror gives the last error of a handle
    // (or of the last failed sf_open when the handle is nil).
    let text: UnsafePointer<CChar>? = if let status { sf_error_number(status) } else { sf_strerror(handle) }
    guard let text else { return "unknown libsndfile error" }
    return String(cString: text).trimmingTrailingPunctuation()
}

extension String {
    fileprivate func trimmingTrailingPunctuation() -> String {
        var s = Substring(self)
        while let last = s.last, last == "." || last == " " || last == "\n" { s.removeLast() }
        return String(s)
    }
}
