import NN

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
