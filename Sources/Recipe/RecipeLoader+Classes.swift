import TOML

extension RecipeLoader {
    /// `[classes]`: every key checked on its own, then the combinations that cannot mean
    /// anything (a class both allowed and denied, a merge chain).
    static func classSelection(_ r: inout TableReader) -> ClassSelection {
        var selection = ClassSelection()
        if let t = r.table("merge") {
            var merge: [String: String] = [:]
            for key in t.keys {
                guard case .string(let target)? = t[key] else {
                    r.problem("merge", "merge.\(key): expected a string, the class it becomes")
                    continue
                }
                merge[key] = target
            }
            for (old, new) in merge.sorted(by: { $0.key < $1.key }) where merge[new] != nil && merge[new] != new {
                r.problem(
                    "merge",
                    "'\(old)' → '\(new)' → '\(merge[new]!)': merge is applied once; map '\(old)' to '\(merge[new]!)' directly"
                )
            }
            selection.merge = merge
        }
        if let allow = r.strings("allow") {
            if allow.isEmpty {
                r.problem("allow", "an empty list keeps no class; leave the key out to keep every class")
            }
            if Set(allow).count != allow.count { r.problem("allow", "a class is listed twice") }
            selection.allow = allow
        }
        if let deny = r.strings("deny") {
            if Set(deny).count != deny.count { r.problem("deny", "a class is listed twice") }
            selection.deny = deny
        }
        let both = Set(selection.allow ?? []).intersection(selection.deny)
        if !both.isEmpty { r.problem("deny", "\(both.sorted().joined(separator: ", ")) is both allowed and denied") }
        selection.minSources = r.integer("min_sources", in: 1...100_000_000)
        selection.topK = r.integer("top_k", in: 1...1_000_000)
        return selection
    }
}
