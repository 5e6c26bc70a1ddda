/// Union–find over string keys; a set is named by its smallest key, so the result does not
/// depend on the order pairs were joined in. Groups that must share a split (replicas, the
/// same audio in two corpora) are joined with it.
public struct KeyUnion: Sendable {
    private var parent: [String: String] = [:]

    public init() {}

    public mutating func add(_ key: String) { if parent[key] == nil { parent[key] = key } }

    public mutating func find(_ key: String) -> String {
        var root = key
        while let p = parent[root], p != root { root = p }
        var node = key
        while let p = parent[node], p != root {
            parent[node] = root
            node = p
        }
        return root
    }

    public mutating func join(_ a: String, _ b: String) {
        let (ra, rb) = (find(a), find(b))
        if ra == rb { return }
        if ra < rb { parent[rb] = ra } else { parent[ra] = rb }
    }
}
