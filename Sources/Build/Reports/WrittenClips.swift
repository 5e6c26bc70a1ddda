import Index

/// The clips a build wrote (those with a shard row), per split and class: what `status`, the
/// demo's summary and the card's `per_label` count, read from the index.
public struct WrittenClips: Sendable {
    /// Class names in index order.
    public var labels: [String] = []
    /// Split → class name → clips.
    public var perSplit: [String: [String: Int]] = [:]

    /// The labels and the written clips' counts of `index`.
    public static func read(_ index: Index) throws -> WrittenClips {
        WrittenClips(labels: try index.labels(), perSplit: try index.writtenClipCountsBySplitAndLabel())
    }
}
