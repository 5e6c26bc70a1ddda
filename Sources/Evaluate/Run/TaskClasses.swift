/// A task of a dual-task dataset and the classes that are its own.
///
/// Under `label_space = "combined"` (the only one a one-head network is trained on) the card's
/// `labels` number every task's classes once (study 000: 61 genres + 467 words = 528, one
/// softmax), and a class name that two tasks share is one class. A task's classes are the
/// positions in `labels` of the names its `tasks[i].labels` lists.
public struct TaskClasses: Sendable, Equatable, Codable {
    public var name: String
    /// Indices into the card's `labels`, ascending.
    public var classes: [Int]

    public init(name: String, classes: [Int]) {
        self.name = name
        self.classes = classes
    }
}
