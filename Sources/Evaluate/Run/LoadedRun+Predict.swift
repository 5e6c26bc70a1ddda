import NN
import Train

extension LoadedRun {
    /// Runs the network in eval mode (batch norm on its running statistics, no dropout) over
    /// every clip of `split`, in the card's shard order.
    ///
    /// In eval mode a clip's outputs depend on that clip alone, but a product's blocking depends
    /// on its shape, so another batch size may change the last bits of the logits (measured:
    /// a few float32 ulps). The default is therefore the batch the run trained and tested with
    /// (`train.batch_size`; 32 for imported weights), which reproduces `result.json`'s test
    /// accuracy exactly. `threads` changes no bit (docs/train.md).
    ///
    /// - Throws: `.emptySplit`, or `.dataset` when a shard cannot be read.
    public func predict(_ split: Split, batchSize: Int? = nil, threads: Int = 1) throws(EvaluationError) -> Predictions
    {
        let loader = try loader(split, batchSize: batchSize ?? configuration.train?.batchSize ?? 32)
        let context = ForwardContext.evaluation(threads: max(1, threads))
        let classes = dataset.classNames.count
        var clips: [ClipPrediction] = []
        clips.reserveCapacity(loader.clipCount)
        let batches = loader.batches(from: .start)
        while true {
            let next: Batch?
            do { next = try batches.next() } catch {
                throw EvaluationError(.dataset, path: dataset.output, problem: "\(error)")
            }
            guard let batch = next else { break }
            let logits = network.forward(batch.inputs, context)
            for i in 0..<batch.count {
                let row = Array(logits.values[(i * classes)..<((i + 1) * classes)])
                var clip = ClipPrediction(
                    clipID: batch.clipIDs[i], logits: row, label: nil,
                    task: batch.tasks.isEmpty ? nil : batch.tasks[i])
                switch batch.targets {
                case .classes(let labels): clip.label = labels[i]
                case .multiHot(let hot): clip.labels = (0..<classes).map { hot.values[i * classes + $0] > 0.5 }
                }
                clips.append(clip)
            }
        }
        return Predictions(
            classes: dataset.classNames, multiLabel: dataset.card.task == .multiLabel, tasks: taskClasses,
            split: split.rawValue, clips: clips)
    }

    /// The card's tasks, each with its classes' indices in the combined `labels`; none for a
    /// single-task run on one task of a dual-task build (`train.task`), whose outputs are that
    /// task's classes alone.
    public var taskClasses: [TaskClasses] {
        guard dataset.task == nil, let tasks = dataset.card.tasks, let indices = dataset.card.taskClassIndices else {
            return []
        }
        return zip(tasks, indices).map { TaskClasses(name: $0.name, classes: $1) }
    }
}
