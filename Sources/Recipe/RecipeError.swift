/// Everything wrong with a recipe, found before any work starts. Each problem names the key,
/// the line and what is allowed, so one edit can fix them all.
public struct RecipeError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The dotted key, e.g. `clips.crop` or `corpus[1].root`.
        public var key: String
        public var line: Int?
        public var message: String

        public init(key: String, line: Int?, message: String) {
            self.key = key
            self.line = line
            self.message = message
        }

        public var description: String { (key.isEmpty ? "" : "\(key): ") + message }
    }

    public var path: String
    public var problems: [Problem]

    public init(path: String, problems: [Problem]) {
        self.path = path
        self.problems = problems
    }

    /// One problem is one line (`path:line: key: message`); several are a heading and one such line each.
    public var description: String {
        let lines = problems.map { "\(path):\($0.line.map { "\($0):" } ?? "") \($0)" }
        guard lines.count != 1 else { return lines[0] }
        return "\(path): invalid recipe, \(problems.count) problems:\n"
            + lines.map { "  " + $0 }.joined(separator: "\n")
    }
}
