import Foundation
import NN

/// The accuracy measure of a lesion study: an example counts as right when its class is among
/// the `k` highest outputs (top-1 or top-5, as study 000 reports).
public struct TopK: Sendable, Equatable, Codable {
    public let k: Int

    public init(_ k: Int) throws(LesionError) {
        guard k >= 1 else { throw .option("--top \(k): must be 1 or more") }
        self.k = k
    }

    /// Whether `label` is among the `k` highest of `row`, or of its `columns` only (a task's
    /// classes; nil for every output). Equal outputs rank by index, the first first, as
    /// `torch.argmax` breaks ties for top-1.
    public func isRight(_ row: ArraySlice<Float>, label: Int, among columns: [Int]? = nil) -> Bool {
        let base = row.startIndex, target = row[base + label]
        if let columns, !columns.contains(label) { return false }
        var above = 0
        for j in columns ?? Array(0..<row.count) {
            let value = row[base + j]
            if value > target || (value == target && j < label) {
                above += 1
                if above >= k { return false }
            }
        }
        return true
    }

    /// The cross-entropy of `row` (or of its softmax over `columns` only) for `label`, natural
    /// log, in double precision.
    static func crossEntropy(_ row: ArraySlice<Float>, label: Int, among columns: [Int]? = nil) -> Double {
        let base = row.startIndex
        let values = columns.map { $0.map { row[base + $0] } } ?? Array(row)
        let top = Double(values.max() ?? 0)
        var sum = 0.0
        for value in values { sum += Foundation.exp(Double(value) - top) }
        return top + Foundation.log(sum) - Double(row[base + label])
    }
}

/// How a lesioned (or intact) network does on each task: the share right under the study's
/// measure and the mean cross-entropy, which breaks ties between lesions of equal accuracy.
public struct TaskScores: Sendable, Equatable, Codable {
    /// Per task, the share of its examples right.
    public var accuracy: [Double]
    /// Per task, the mean cross-entropy of its examples.
    public var loss: [Double]

    public init(accuracy: [Double], loss: [Double]) {
        self.accuracy = accuracy
        self.loss = loss
    }
}

/// Sums of right examples and losses per task, over batches.
struct TaskTally {
    var right: [Int]
    var loss: [Double]
    var count: [Int]

    init(tasks: Int) {
        right = [Int](repeating: 0, count: tasks)
        loss = [Double](repeating: 0, count: tasks)
        count = [Int](repeating: 0, count: tasks)
    }

    /// Adds a batch's logits; `taskClasses[t]`, when given, are the columns task t ranks among.
    mutating func add(logits: Tensor, batch: LesionData.Batch, measure: TopK, taskClasses: [[Int]]? = nil) {
        let n = batch.labels.count, width = logits.count / max(1, n)
        for i in 0..<n {
            let row = logits.values[(i * width)..<((i + 1) * width)]
            let task = batch.tasks[i], columns = taskClasses?[task]
            count[task] += 1
            if measure.isRight(row, label: batch.labels[i], among: columns) { right[task] += 1 }
            loss[task] += TopK.crossEntropy(row, label: batch.labels[i], among: columns)
        }
    }

    var scores: TaskScores {
        TaskScores(
            accuracy: zip(right, count).map { Double($0) / Double(max(1, $1)) },
            loss: zip(loss, count).map { $0 / Double(max(1, $1)) })
    }
}
