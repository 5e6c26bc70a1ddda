import NN
import Train

/// One clip a metamer is made for: its id, class, and the network's input the loader gives for
/// its shard row (what the front end's forward on its decoded audio is checked against).
public struct MetamerTarget: Sendable {
    public var clipID: Int64
    /// The class index and name.
    public var label: Int
    public var className: String
    /// The loader's input for the clip's stored row, `[1, H, W]` flattened, standardised.
    public var storedInput: [Float]
}

/// Which clips of a split get metamers: spread over the classes, deterministically.
public enum MetamerTargets {
    /// `count` clips of the loader's split: the clips grouped by class and, within a class,
    /// ordered by clip id; then taken round-robin over the classes in class order (the first
    /// clip of each class, then the second of each, …) until `count`, so every class gets
    /// ⌊count / classes⌋ or one more while it has clips. The result is in that order.
    ///
    /// - Throws: `.invalidOption` for a multi-label build (a metamer's verification needs one
    ///   class) or `count` < 2 (the null distribution needs another target), `.emptySplit`
    ///   when the split has fewer than `count` clips, `.dataset` when a shard cannot be read.
    public static func choose(
        _ loader: DataLoader, count: Int, classNames: [String]
    ) throws(EvaluationError)
        -> [MetamerTarget]
    {
        let path = loader.dataset.output
        guard count >= 2 else {
            throw EvaluationError(
                .invalidOption, path: path, problem: "--targets \(count)",
                fix: "give 2 or more: each metamer's null distribution is its correlation with the other targets")
        }
        var byClass: [Int: [MetamerTarget]] = [:]
        let batches = loader.batches(from: .start)
        while true {
            let next: Batch?
            do { next = try batches.next() } catch {
                throw EvaluationError(.dataset, path: path, problem: "\(error)")
            }
            guard let batch = next else { break }
            guard case .classes(let labels) = batch.targets else {
                throw EvaluationError(
                    .invalidOption, path: path, problem: "a multi-label build",
                    fix: "metamers are verified by the network's one top class: use a single-label build")
            }
            let size = batch.inputs.count / max(batch.count, 1)
            for i in 0..<batch.count {
                let input = Array(batch.inputs.values[(i * size)..<((i + 1) * size)])
                byClass[labels[i], default: []].append(
                    MetamerTarget(
                        clipID: batch.clipIDs[i], label: labels[i], className: classNames[labels[i]],
                        storedInput: input))
            }
        }
        let total = byClass.values.reduce(0) { $0 + $1.count }
        guard total >= count else {
            throw EvaluationError(
                .emptySplit, path: path, problem: "the \(loader.split.rawValue) split has \(total) clips",
                fix: "ask for at most \(total) targets, or another split with --split")
        }
        let classes = byClass.keys.sorted()
        let queues = classes.map { byClass[$0]!.sorted { $0.clipID < $1.clipID } }
        var chosen: [MetamerTarget] = []
        var round = 0
        while chosen.count < count {
            for queue in queues where round < queue.count && chosen.count < count { chosen.append(queue[round]) }
            round += 1
        }
        return chosen
    }
}
