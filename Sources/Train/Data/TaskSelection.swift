/// One task of a dual-task build, chosen for a single-task network (study 000's word CNN and
/// music CNN, trained on the same build as the dual-task one).
///
/// The run sees only that task's clips, and their labels become positions in the task's own
/// class list, so the network has as many outputs as the task has classes (61 genres, 467
/// words) whatever the label space: under `combined` a clip's global class index is mapped to
/// its place in the task's list, under `separate` the stored labels already are those places.
public struct TaskSelection: Sendable, Equatable {
    /// The task's index in the card's `tasks` (the value of the shards' `tasks` tensor).
    public let index: Int
    public let name: String
    /// The task's classes, in the order the network's outputs follow.
    public let classes: [String]
    /// Under `combined`: for each global class index, its place in `classes`, or −1 for
    /// another task's class. Nil under `separate`, where stored labels are already local.
    let localOfGlobal: [Int]?

    /// The task named `name` of the build output `output`.
    ///
    /// - Throws: `DataError.Code.invalidOption` when the build has no tasks or none of that name.
    init(named name: String, card: DatasetCard, output: String) throws(DataError) {
        let path = output + "/" + DatasetCard.fileName
        guard let tasks = card.tasks else {
            throw DataError(
                .invalidOption, path: path, problem: "task = \"\(name)\" given, but the build has one task",
                fix: "leave out the task setting; it chooses one task of a dual-task build")
        }
        guard let index = tasks.firstIndex(where: { $0.name == name }) else {
            throw DataError(
                .invalidOption, path: path, problem: "task = \"\(name)\" is not a task of this build",
                fix: "its tasks are " + tasks.map { "\"\($0.name)\"" }.joined(separator: " and "))
        }
        self.index = index
        self.name = name
        classes = tasks[index].labels
        if card.labelSpace == "separate" {
            localOfGlobal = nil
        } else {
            var map = [Int](repeating: -1, count: card.labels.count)
            let global = Dictionary(card.labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            for (local, label) in classes.enumerated() {
                guard let g = global[label] else {
                    throw DataError(
                        .unreadableCard, path: path,
                        problem: "task \"\(name)\" names class \"\(label)\", which is not in the card's labels",
                        fix: DataError.Fix.rebuild(output))
                }
                map[g] = local
            }
            localOfGlobal = map
        }
    }

    /// A single-label clip's class in the task's list.
    func local(_ stored: Int32) -> Int {
        guard let localOfGlobal else { return Int(stored) }
        return localOfGlobal[Int(stored)]
    }

    /// A multi-label clip's row, cut to the task's columns in the task's order.
    func local(row: ArraySlice<UInt8>) -> [Float] {
        guard let localOfGlobal else { return row.prefix(classes.count).map { Float($0) } }
        var out = [Float](repeating: 0, count: classes.count)
        for (k, hot) in zip(row.indices, row) where hot != 0 {
            let local = localOfGlobal[k - row.startIndex]
            if local >= 0 { out[local] = 1 }
        }
        return out
    }
}
