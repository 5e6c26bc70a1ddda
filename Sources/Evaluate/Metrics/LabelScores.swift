/// One label's measures in a multi-label evaluation.
public struct LabelScores: Sendable, Equatable, Codable {
    public var name: String
    /// Nil when the split has no positive or no negative clip for the label.
    public var rocAUC: Double?
    /// Average precision (PR-AUC, sklearn's definition); nil without a positive clip.
    public var averagePrecision: Double?
    /// At the evaluation's threshold: precision, recall and F1 with `zero_division=0`.
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// Clips that have the label.
    public var support: Int

    enum CodingKeys: String, CodingKey {
        case name, precision, recall, f1, support
        case rocAUC = "roc_auc", averagePrecision = "average_precision"
    }
}
