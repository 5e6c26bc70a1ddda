/// Counts of (true class, predicted class) over a set of clips, rows true and columns predicted
/// (as `sklearn.metrics.confusion_matrix`).
public struct ConfusionMatrix: Sendable, Equatable, Codable {
    /// The row and column names, in order.
    public var classes: [String]
    /// `counts[t][p]`: clips of class `t` predicted as `p`.
    public var counts: [[Int]]

    public init(classes: [String], counts: [[Int]]) {
        self.classes = classes
        self.counts = counts
    }

    /// An all-zero matrix over `classes`.
    init(classes: [String]) {
        self.init(
            classes: classes, counts: Array(repeating: Array(repeating: 0, count: classes.count), count: classes.count))
    }

    /// Clips counted.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// Clips on the diagonal.
    public var correct: Int { counts.indices.reduce(0) { $0 + counts[$1][$1] } }

    /// The matrix as CSV: a header `true\predicted,NAME,…` and one row per true class, names
    /// quoted when they hold a comma, a quote or a line break (RFC 4180).
    public var csv: String {
        var lines = [CSVField.line(["true\\predicted"] + classes)]
        for (i, row) in counts.enumerated() { lines.append(CSVField.line([classes[i]] + row.map(String.init))) }
        return lines.joined(separator: "\n") + "\n"
    }
}
