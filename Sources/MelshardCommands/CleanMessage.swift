/// An error whose description is the whole message the user sees, on one line.
struct CleanMessage: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
