/// A failure the command layer itself finds (a class with no clips, a child benchmark that
/// failed), as the one line the user sees. Errors of the other modules are thrown as they are
/// and presented by `ErrorPresentation`.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
