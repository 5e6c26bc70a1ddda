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
