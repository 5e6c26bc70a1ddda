/// One clip's outputs from a network in eval mode, with what the build says about the clip.
public struct ClipPrediction: Sendable, Equatable, Codable {
    /// The clip's `clip_ids` entry: `clips.id` in the build's index.sqlite.
    public var clipID: Int64
    /// The network's raw outputs (before softmax or sigmoid), one per class of the card.
    public var logits: [Float]
    /// Single-label: the true class, an index into the card's `labels`; nil for multi-label.
    public var label: Int?
    /// Multi-label: the true classes, one flag per class of the card; empty for single-label.
    public var labels: [Bool]
    /// Dual-task datasets: the clip's task, an index into the card's `tasks`; nil otherwise.
    public var task: Int?
    /// The source (for patches, the track) the clip was cut from; nil until attached
    /// (`Predictions.attachingSources`).
    public var source: String?

    public init(
        clipID: Int64, logits: [Float], label: Int?, labels: [Bool] = [], task: Int? = nil, source: String? = nil
    ) {
        self.clipID = clipID
        self.logits = logits
        self.label = label
        self.labels = labels
        self.task = task
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case logits, label, labels, task, source
        case clipID = "clip_id"
    }
}
