import ArgumentParser
import Foundation

/// The one place that decides how a failure reaches the user, in the manner of
/// swift-argument-parser's own `exit(withError:)`: the message is `Error: ` and one line that
/// names the file and the reason, and the exit code says what kind of failure it was.
///
/// Every error type of melshard describes itself once (its `description` holds the path once);
/// commands throw those errors as they are and never re-wrap them. Foundation's file errors,
/// which describe themselves as a dump of their user-info dictionary, are turned into
/// `path: reason` here.
///
/// Exit codes: 0 success; 1 a failure (the input, the output or a check); 64 bad usage
/// (swift-argument-parser's own: an unknown option or a bad value).
enum ErrorPresentation {
    /// The error to hand to swift-argument-parser: its own errors (usage, help, version, an
    /// explicit exit code) unchanged, and every other error as its one line.
    static func presentable(_ error: any Error, for command: any ParsableCommand.Type) -> any Error {
        if error is ExitCode || error is CleanExit || error is ValidationError { return error }
        // Parser errors are internal to swift-argument-parser; it alone gives them codes other than 1.
        if command.exitCode(for: error) != .failure { return error }
        return CommandFailure(TerminalText.escaped(message(for: error), keepingNewlines: true))
    }

    /// The one line an error gives the user.
    static func message(for error: any Error) -> String {
        if let failure = error as? CommandFailure { return failure.description }
        // Foundation's errors, and only those: any Swift error would bridge to NSError.
        let kind = type(of: error)
        guard kind is NSError.Type || kind == CocoaError.self || kind == POSIXError.self else {
            return String(describing: error)
        }
        let error = error as NSError
        return fileMessage(
            path: error.userInfo[NSFilePathErrorKey] as? String ?? (error.userInfo[NSURLErrorKey] as? URL)?.path,
            code: error.code, userInfo: error.userInfo, domain: error.domain)
    }

    /// `path: reason` for a Foundation file error, the reason from the POSIX error beneath when there is one.
    private static func fileMessage(path: String?, code: Int, userInfo: [String: Any], domain: String) -> String {
        let reason: String
        if let underlying = userInfo[NSUnderlyingErrorKey] as? POSIXError {
            reason = String(cString: strerror(underlying.code.rawValue)).lowercased()
        } else if let underlying = userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            reason = String(cString: strerror(Int32(underlying.code))).lowercased()
        } else if domain == NSPOSIXErrorDomain {
            reason = String(cString: strerror(Int32(code))).lowercased()
        } else {
            reason =
                switch CocoaError.Code(rawValue: code) {
                case .fileNoSuchFile, .fileReadNoSuchFile: "no such file or directory"
                case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
                case .fileWriteOutOfSpace: "no space left on device"
                case .fileWriteFileExists: "already exists"
                case .fileWriteVolumeReadOnly: "read-only file system"
                case .fileReadCorruptFile: "damaged or unreadable"
                default: "file operation failed (Foundation error \(code))"
                }
        }
        return path.map { "\($0): \(reason)" } ?? reason
    }
}
