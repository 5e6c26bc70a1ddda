/// Every clip of one split through a network in eval mode: the plain values each measurement
/// (`Evaluate`'s metrics, the vote per track, lesioning, similarity) starts from.
public struct Predictions: Sendable, Equatable, Codable {
    /// The card's class names; `ClipPrediction.logits` and `label` index them.
    public var classes: [String]
    public var multiLabel: Bool
    /// Dual-task datasets: each task's classes; empty for one task.
    public var tasks: [TaskClasses]
    /// `train`, `validation` or `test`.
    public var split: String
    /// In the card's shard order, rows in file order (`LoaderOptions.Order.sequential`).
    public var clips: [ClipPrediction]

    public init(classes: [String], multiLabel: Bool, tasks: [TaskClasses] = [], split: String, clips: [ClipPrediction])
    {
        self.classes = classes
        self.multiLabel = multiLabel
        self.tasks = tasks
        self.split = split
        self.clips = clips
    }

    enum CodingKeys: String, CodingKey {
        case classes, tasks, split, clips
        case multiLabel = "multi_label"
    }

    /// The same predictions with each clip's source set from `sources` (clip id → a name that
    /// identifies the source, e.g. `corpus:path`). The shards carry clip ids, not sources: the
    /// caller reads the build's index for them. Clips absent from `sources` keep theirs.
    public func attachingSources(_ sources: [Int64: String]) -> Predictions {
        var copy = self
        for i in copy.clips.indices {
            if let source = sources[copy.clips[i].clipID] { copy.clips[i].source = source }
        }
        return copy
    }
}
