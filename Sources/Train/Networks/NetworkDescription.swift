import MelshardCore
import NN

/// What `melshard models` says about a network: where it comes from, what it takes and gives,
/// and how many numbers it holds, for a given number of outputs.
public struct NetworkDescription: Sendable, Equatable, Codable {
    public var name: String
    /// The study ("000" … "004"), nil for melshard's own networks.
    public var study: String?
    /// One example's shape ([channels, bands, frames]) the network is built for; nil when it
    /// takes any size (then the counts are for `NetworkRegistry.defaultInput`, and do not depend on it).
    public var inputShape: [Int]?
    public var outputs: Int
    /// "single-label" (softmax) or "multi-label" (sigmoid outputs), the study's task.
    public var task: String
    /// `sum(p.numel() for p in model.parameters())`: what an optimiser updates.
    public var trainableParameters: Int
    /// The trainable parameters plus the float buffers (batch norm's running mean and variance,
    /// an input normalisation's statistics): every float of the `state_dict`, the figure some
    /// studies quote. Batch norm's `num_batches_tracked` counters are not counted.
    public var parametersWithStatistics: Int
    public var summary: String

    enum CodingKeys: String, CodingKey {
        case name, study, outputs, task, summary
        case inputShape = "input_shape"
        case trainableParameters = "trainable_parameters"
        case parametersWithStatistics = "parameters_with_statistics"
    }

    /// Writes `study` and `input_shape` as null rather than leaving them out, so every entry of
    /// `melshard models --json` has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(study, forKey: .study)
        try container.encode(inputShape, forKey: .inputShape)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(task, forKey: .task)
        try container.encode(trainableParameters, forKey: .trainableParameters)
        try container.encode(parametersWithStatistics, forKey: .parametersWithStatistics)
        try container.encode(summary, forKey: .summary)
    }

    /// Describes `entry` with `classes` outputs (default: its study's), by building it.
    public init(_ entry: NetworkRegistry.Entry, classes: Int? = nil) {
        let outputs = classes ?? entry.studyClasses
        var random = SeededRandom(seed: 0, stream: "init/" + entry.name)
        let network = entry.make(entry.input ?? NetworkRegistry.defaultInput, outputs, &random)
        self.init(network: network, entry: entry, outputs: outputs)
    }

    init(network: Network, entry: NetworkRegistry.Entry, outputs: Int) {
        name = entry.name
        study = entry.study
        inputShape = entry.input
        self.outputs = outputs
        task = entry.multiLabel ? "multi-label" : "single-label"
        trainableParameters = network.parameterCount
        parametersWithStatistics = network.parameters.filter { $0.parameter.role != .counter }
            .reduce(0) { $0 + $1.parameter.value.count }
        summary = entry.summary
    }
}
