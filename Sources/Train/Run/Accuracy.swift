import NN

/// The share of a batch predicted right: top-1 for single-label targets, and for multi-label
/// targets the share of (example, class) pairs whose sign of the logit (probability above 0.5)
/// agrees with the target.
enum Accuracy {
    static func of(_ logits: Tensor, _ targets: Targets) -> Double {
        let n = logits.shape[0], classes = logits.count / max(1, n)
        switch targets {
        case .classes(let labels):
            var correct = 0
            for i in 0..<n {
                let row = logits.values[(i * classes)..<((i + 1) * classes)]
                // The first of equal maxima, as torch.argmax.
                var best = row.startIndex
                for j in row.indices where row[j] > row[best] { best = j }
                if best - i * classes == labels[i] { correct += 1 }
            }
            return Double(correct) / Double(max(1, n))
        case .multiHot(let truth):
            var agree = 0
            for (logit, target) in zip(logits.values, truth.values) where (logit > 0) == (target > 0.5) { agree += 1 }
            return Double(agree) / Double(max(1, logits.count))
        }
    }
}

/// Each task's accuracy in a dual-task run whose one head covers both tasks' classes
/// (`label_space = "combined"`): over the examples of a task, top-1 taken among **that task's
/// classes only**, so a word clip is scored as a word classifier would score it, and the
/// numbers compare with a single-task network's on the same clips (study 000's comparison).
/// Multi-label: the agreement of the logits' signs with the targets on the task's columns.
struct TaskAccuracy {
    /// Per task, its classes' indices in the head's outputs.
    let classes: [[Int]]
    private(set) var correct: [Double]
    private(set) var examples: [Int]

    /// Nil unless the dataset is dual-task with combined labels and the run covers every task.
    init?(dataset: ShardDataset) {
        guard dataset.task == nil, let tasks = dataset.card.tasks, dataset.card.labelSpace != "separate" else {
            return nil
        }
        classes = dataset.card.taskClassIndices ?? []
        correct = Array(repeating: 0, count: tasks.count)
        examples = Array(repeating: 0, count: tasks.count)
    }

    /// Adds a batch: `logits` `[B, classes]`, each example's task in `tasks`.
    mutating func add(_ logits: Tensor, _ targets: Targets, tasks: [Int]) {
        let n = logits.shape[0], width = logits.count / max(1, n)
        for i in 0..<n {
            let task = tasks[i], columns = classes[task]
            let row = i * width
            examples[task] += 1
            switch targets {
            case .classes(let labels):
                // The first of equal maxima among the task's classes, as torch.argmax on the slice.
                var best = columns[0]
                for c in columns where logits.values[row + c] > logits.values[row + best] { best = c }
                if best == labels[i] { correct[task] += 1 }
            case .multiHot(let truth):
                let agree = columns.filter { (logits.values[row + $0] > 0) == (truth.values[row + $0] > 0.5) }.count
                correct[task] += Double(agree) / Double(max(1, columns.count))
            }
        }
    }

    /// Each task's accuracy by name; a task without examples is left out.
    func byName(_ names: [String]) -> [String: Double] {
        var out: [String: Double] = [:]
        for (t, name) in names.enumerated() where examples[t] > 0 { out[name] = correct[t] / Double(examples[t]) }
        return out
    }
}
