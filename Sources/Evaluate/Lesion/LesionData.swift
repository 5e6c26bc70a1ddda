import NN

/// The examples a lesion study is measured on, in batches: inputs, one class per example, and
/// each example's task for a dual-task network.
public struct LesionData {
    /// One batch: `inputs` `[B, …]`, `labels` (class indices into the network's outputs) and
    /// `tasks` (indices into `taskNames`; all 0 when the network has one task).
    public struct Batch {
        public var inputs: Tensor
        public var labels: [Int]
        public var tasks: [Int]

        public init(inputs: Tensor, labels: [Int], tasks: [Int]) {
            precondition(inputs.shape.first == labels.count && labels.count == tasks.count, "one label and task each")
            self.inputs = inputs
            self.labels = labels
            self.tasks = tasks
        }
    }

    public var batches: [Batch]
    /// The tasks' names (`["music", "words"]`, or `["all"]` for a single-task network).
    public var taskNames: [String]
    /// For a dual-task network whose one head covers both tasks: each task's columns of the
    /// output. A task's examples are then ranked among its own classes only, as `melshard train`
    /// measures each task's accuracy (docs/train.md); nil ranks every example among all outputs.
    public var taskClasses: [[Int]]?

    public init(batches: [Batch], taskNames: [String], taskClasses: [[Int]]? = nil) {
        precondition(!taskNames.isEmpty, "at least one task")
        precondition(taskClasses == nil || taskClasses!.count == taskNames.count, "columns for every task")
        self.batches = batches
        self.taskNames = taskNames
        self.taskClasses = taskClasses
    }

    /// The number of examples of each task.
    public var examplesPerTask: [Int] {
        var counts = [Int](repeating: 0, count: taskNames.count)
        for batch in batches { for task in batch.tasks { counts[task] += 1 } }
        return counts
    }
}
