/// The greedy search of Dobs et al. (2022), which study 000 names as missing: a lesion set grown
/// one filter at a time, each time adding the filter whose lesion, together with those already
/// chosen, leaves the chosen task with the lowest accuracy.
///
/// Lesions of equal accuracy are told apart by the task's mean cross-entropy (the higher hurts
/// more), then by the lower filter index, so the search is deterministic. Growing a set of k out
/// of C filters scores k·C − k(k − 1)/2 lesions.
public struct GreedyLesionSearch: Sendable, Equatable, Codable {
    /// The task the search hurts.
    public var task: Int
    /// The filters in the order they were added.
    public var filters: [Int]
    /// The task's accuracy after each addition.
    public var accuracyAfterStep: [Double]

    /// Grows a set of `size` filters that hurts `task` most, step by step.
    public init(_ evaluator: LesionEvaluator, task: Int, size: Int) {
        self.task = task
        var chosen: [Int] = []
        var trajectory: [Double] = []
        for _ in 0..<min(size, evaluator.site.channels) {
            var best: (filter: Int, accuracy: Double, loss: Double)?
            for f in 0..<evaluator.site.channels where !chosen.contains(f) {
                let scores = evaluator.score(chosen + [f])
                let accuracy = scores.accuracy[task], loss = scores.loss[task]
                if let current = best,
                    accuracy > current.accuracy || (accuracy == current.accuracy && loss <= current.loss)
                {
                    continue
                }
                best = (f, accuracy, loss)
            }
            guard let best else { break }
            chosen.append(best.filter)
            trajectory.append(best.accuracy)
        }
        filters = chosen
        accuracyAfterStep = trajectory
    }
}
