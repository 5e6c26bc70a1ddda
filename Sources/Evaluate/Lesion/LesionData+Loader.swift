import NN
import Train

extension LesionData {
    /// Every batch of `loader` (a split in the card's order), with each example's task: the
    /// card's tasks for a dual-task build (each ranked among its own classes,
    /// `DatasetCard.taskClassIndices`), the one task of a single-task run on such a build, one
    /// task named `all` otherwise.
    ///
    /// - Throws: `LesionError.option` for a multi-label build (lesioning measures top-k accuracy
    ///   of one class per clip), `.data` when a shard cannot be read.
    public init(loader: DataLoader) throws(LesionError) {
        let card = loader.dataset.card
        guard card.task == .singleLabel else {
            throw .option(
                "\(loader.dataset.output) is multi-label; lesioning measures top-k accuracy of one class per clip")
        }
        let iterator = loader.batches(from: .start)
        var batches: [Batch] = []
        while true {
            let next: Train.Batch?
            do { next = try iterator.next() } catch { throw .data("\(error)") }
            guard let batch = next else { break }
            guard case .classes(let labels) = batch.targets else { continue }
            batches.append(
                Batch(
                    inputs: batch.inputs, labels: labels,
                    tasks: batch.tasks.isEmpty ? [Int](repeating: 0, count: labels.count) : batch.tasks))
        }
        // A run on one task of a dual-task build (`train.task`) has that task's classes alone.
        if let task = loader.dataset.task {
            self.init(batches: batches, taskNames: [task.name], taskClasses: nil)
        } else {
            self.init(
                batches: batches, taskNames: card.tasks?.map(\.name) ?? ["all"], taskClasses: card.taskClassIndices)
        }
    }
}
