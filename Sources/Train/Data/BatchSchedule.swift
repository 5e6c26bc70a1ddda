/// The batches of an epoch: for each, which task stream it draws from and how many rows.
///
/// Depends only on the split's row counts (per task), never on the epoch, so every epoch has
/// the same number of batches. Mixed: one stream of every row, cut into batches of B. Non-mixed:
/// one stream per task, batches taken from the tasks in turn (0, 1, 0, 1, …); a task that has
/// run out is passed over, so the rest of the other follows.
struct BatchSchedule: Sendable {
    struct Entry: Sendable, Equatable {
        /// The task stream; nil for the stream of every row.
        var task: Int32?
        var size: Int
    }

    let entries: [Entry]

    init(taskCounts: [Int], batchSize: Int, dropLast: Bool, nonMixed: Bool) {
        func sizes(_ count: Int) -> [Int] {
            let full = Array(repeating: batchSize, count: count / batchSize)
            let rest = count % batchSize
            return rest > 0 && !dropLast ? full + [rest] : full
        }
        guard nonMixed && taskCounts.count > 1 else {
            entries = sizes(taskCounts.reduce(0, +)).map { Entry(task: nil, size: $0) }
            return
        }
        let queues = taskCounts.map(sizes)
        var next = [Int](repeating: 0, count: queues.count)
        var out: [Entry] = []
        while next.indices.contains(where: { next[$0] < queues[$0].count }) {
            for t in queues.indices where next[t] < queues[t].count {
                out.append(Entry(task: Int32(t), size: queues[t][next[t]]))
                next[t] += 1
            }
        }
        entries = out
    }
}
