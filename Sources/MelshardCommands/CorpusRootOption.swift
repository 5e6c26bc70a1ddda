import ArgumentParser

/// `build`'s `--corpus NAME=PATH` values as the map of corpus roots the recipe loader takes.
enum CorpusRootOption {
    /// NAME → absolute PATH. A value without `NAME=`, or a name given twice, is a usage error:
    /// with two roots for one corpus, whichever won would build from a folder the user may not
    /// have meant.
    static func roots(_ specs: [String]) throws -> [String: String] {
        var roots: [String: String] = [:]
        for spec in specs {
            guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex else {
                throw ValidationError("--corpus takes NAME=PATH, not '\(spec)'")
            }
            let name = String(spec[..<eq])
            let path = absolute(String(spec[spec.index(after: eq)...]))
            if let first = roots[name] {
                throw ValidationError("--corpus \(name)= is given twice (\(first) and \(path)); give each corpus once")
            }
            roots[name] = path
        }
        return roots
    }
}
