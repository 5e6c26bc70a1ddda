import NN

/// Scores a network with sets of filters lesioned, computing the layers below the cut once.
///
/// At creation every batch runs through the links below the cut (`LesionSite.cut`) once and the
/// activations there are kept, the whole split's; each lesion then copies them, zeroes its
/// channels and runs only the links above. A sweep over C filters so costs one pass of the lower
/// layers plus C passes of the upper ones, where the naive way (`scoreNaively`) runs the whole
/// network C times. Both give the same logits bit for bit: the kernels compute each output the
/// same way whatever ran before, and the zeros enter at the same place.
///
/// Memory: the activations at the cut for every example of the data, held as float32.
public final class LesionEvaluator {
    public let chain: LayerChain
    public let site: LesionSite
    public let data: LesionData
    public let measure: TopK
    /// The intact network's scores.
    public let intact: TaskScores
    private let context: ForwardContext
    private let cached: [Tensor]

    /// - Parameters:
    ///   - root: the network's root layer (`Network.root`), with its weights loaded.
    ///   - inputShape: one example's shape, without the batch dimension.
    ///   - threads: threads the kernels may use; the scores do not depend on it.
    /// - Throws: `LesionError` for an unknown layer, a task without examples, or a task the
    ///   intact network gets entirely wrong (its drop ratios would divide by zero).
    public init(
        root: any Layer, inputShape: [Int], layer: String, zeroPoint: ZeroPoint, data: LesionData, measure: TopK,
        threads: Int = 1
    ) throws(LesionError) {
        chain = LayerChain(root)
        site = try LesionSite(chain: chain, layer: layer, zeroPoint: zeroPoint, inputShape: inputShape)
        self.data = data
        self.measure = measure
        context = ForwardContext.evaluation(threads: threads)
        for (task, count) in data.examplesPerTask.enumerated() where count == 0 {
            throw .noExamples(task: data.taskNames[task])
        }
        let (chain, site, context) = (chain, site, context)
        cached = data.batches.map { chain.forward($0.inputs, 0..<site.cut, context) }
        var tally = TaskTally(tasks: data.taskNames.count)
        for (batch, activation) in zip(data.batches, cached) {
            tally.add(
                logits: chain.forward(activation, site.cut..<chain.links.count, context), batch: batch,
                measure: measure,
                taskClasses: data.taskClasses)
        }
        intact = tally.scores
        for (task, accuracy) in intact.accuracy.enumerated() where accuracy == 0 {
            throw .zeroAccuracy(task: data.taskNames[task])
        }
    }

    /// The scores with `filters` set to zero, from the cached activations.
    public func score(_ filters: [Int]) -> TaskScores {
        var tally = TaskTally(tasks: data.taskNames.count)
        for (batch, activation) in zip(data.batches, cached) {
            var lesioned = activation
            LesionSite.zero(filters, in: &lesioned)
            tally.add(
                logits: chain.forward(lesioned, site.cut..<chain.links.count, context), batch: batch, measure: measure,
                taskClasses: data.taskClasses)
        }
        return tally.scores
    }

    /// The same scores, running the whole network on every batch: the reference for `score`
    /// and the cost a sweep would have without the cache.
    public func scoreNaively(_ filters: [Int]) -> TaskScores {
        var tally = TaskTally(tasks: data.taskNames.count)
        for batch in data.batches {
            var activation = chain.forward(batch.inputs, 0..<site.cut, context)
            LesionSite.zero(filters, in: &activation)
            tally.add(
                logits: chain.forward(activation, site.cut..<chain.links.count, context), batch: batch,
                measure: measure,
                taskClasses: data.taskClasses)
        }
        return tally.scores
    }

    /// Each task's drop ratio for `scores`: (acc − acc_lesioned) / acc, study 000's equation 1.
    public func drops(_ scores: TaskScores) -> [Double] {
        zip(intact.accuracy, scores.accuracy).map { ($0 - $1) / $0 }
    }
}
