import NN

/// Why weights could not be imported: the file, and either every tensor that does not fit the
/// network or the one other problem. Nothing is written when it is thrown.
public struct WeightImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The safetensors file, or the run folder for a problem with the destination.
    public var path: String
    public var model: String
    /// Every tensor that differs from the network's `state_dict` (empty for other problems).
    public var mismatches: [StateDictMismatch]
    /// The problem when it is not a mismatch (an unreadable file, values that are not finite, a
    /// destination that is not free).
    public var problem: String?
    /// A remedy when one can be read from the file, e.g. the head's output count for `--classes`.
    public var hint: String?

    public init(
        path: String, model: String, mismatches: [StateDictMismatch] = [], problem: String? = nil, hint: String? = nil
    ) {
        (self.path, self.model, self.mismatches, self.problem, self.hint) = (path, model, mismatches, problem, hint)
    }

    /// One line: the file, how many tensors differ and of which kinds (each is in `mismatches`).
    public var description: String {
        if let problem { return "import-weights: \(path): \(problem)" }
        var kinds: [String] = []
        for kind in [StateDictMismatch.Kind.missing, .unexpected, .wrongShape, .wrongDType] {
            let count = mismatches.filter { $0.kind == kind }.count
            if count > 0 { kinds.append("\(count) \(kind.rawValue)") }
        }
        let tensors = mismatches.count == 1 ? "1 tensor differs" : "\(mismatches.count) tensors differ"
        return "import-weights: \(path): \(tensors) from \(model)'s state_dict (\(kinds.joined(separator: ", "))); "
            + "nothing written" + (hint.map { "; \($0)" } ?? "")
    }
}
