import Balance
import MelshardCore
import Recipe

extension BuildEngine {
    /// The tasks of a dual-task recipe: each source's task, and each task's classes (those its
    /// sources carry after selection, in the global order); nil in a single-task recipe.
    func shardTasks(plan: ClipPlan, ingest: IngestResult) -> ShardTasks? {
        let names = recipe.tasks
        guard !names.isEmpty else { return nil }
        var taskOfCorpus: [String: Int] = [:]
        for corpus in recipe.corpora {
            taskOfCorpus[corpus.name] = recipe.task(ofCorpus: corpus.name).flatMap(names.firstIndex(of:))
        }
        var taskOfSource: [Int64: Int] = [:]
        var classes = [Set<Int>](repeating: [], count: names.count)
        for (candidate, _) in ingest.accepted {
            let id = candidate.id
            guard let task = taskOfCorpus[candidate.corpus] else { continue }
            taskOfSource[id] = task
            classes[task].formUnion(plan.sourceLabels[id] ?? [])
        }
        return ShardTasks(
            names: names, taskOfSource: taskOfSource, labels: classes.map { $0.sorted() },
            separate: recipe.task.labelSpace == .separate)
    }
}

extension ShardTasks {
    /// What the shard key and the shards' metadata record of the tasks: their names and, per
    /// task, its class names in its own order.
    func described(labelNames: [String]) throws -> [String: String] {
        [
            "label_space": separate ? "separate" : "combined",
            "task_names": try CanonicalJSON.string(names),
            "task_labels": try CanonicalJSON.string(labels.map { $0.map { labelNames[$0] } }),
        ]
    }
}
