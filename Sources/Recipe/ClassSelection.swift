/// `[classes]`: which classes a dataset keeps. Labels are merged first, then the rules run in
/// a fixed order (allow, deny, `min_sources`, `top_k`), each on what the previous one left;
/// docs/balance.md says why that order.
public struct ClassSelection: Sendable, Equatable, Encodable {
    /// Old label → new label, applied to every source's labels before anything else, so that
    /// e.g. Rumba-American and Rumba-International count as one class "Rumba".
    public var merge: [String: String]
    /// Only these classes (after merging); nil: every class.
    public var allow: [String]?
    /// Never these classes (after merging).
    public var deny: [String]
    /// Keep a class only when at least this many sources carry it.
    public var minSources: Int?
    /// Keep the K classes with the most sources, ties broken by name.
    public var topK: Int?

    public init(
        merge: [String: String] = [:], allow: [String]? = nil, deny: [String] = [], minSources: Int? = nil,
        topK: Int? = nil
    ) {
        self.merge = merge
        self.allow = allow
        self.deny = deny
        self.minSources = minSources
        self.topK = topK
    }

    /// True when the recipe asks for no selection at all.
    public var isEmpty: Bool { self == ClassSelection() }

    /// A label after merging.
    public func merged(_ label: String) -> String { merge[label] ?? label }

    enum CodingKeys: String, CodingKey { case merge, allow, deny, minSources = "min_sources", topK = "top_k" }
}
