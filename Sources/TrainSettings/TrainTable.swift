/// A recipe's `[train]` table as written: the keys it sets and the settings they make, every
/// other key at its default.
///
/// The card keeps only the keys set (`recipe.train` in `dataset.json`), not the defaults
/// around them, so that a run can say which settings the recipe chose (its `config.json`'s
/// `train_sources`) and a key the recipe never set keeps meaning "melshard's default".
public struct TrainTable: Sendable, Equatable, Codable {
    /// The settings: the table's keys over the defaults.
    public var config: TrainConfig
    /// The keys the table sets, sorted.
    public internal(set) var keys: [String]

    /// `config` with `keys` marked as set; a key that is not a setting is dropped.
    public init(config: TrainConfig, keys: [String]) {
        self.config = config
        self.keys = Array(Set(keys.filter { TrainConfig.CodingKeys(stringValue: $0) != nil })).sorted()
    }

    /// Reads a partial object (the card's `recipe.train`, or one `--set` pair): the keys present
    /// are the ones set.
    public init(from decoder: any Decoder) throws {
        config = try TrainConfig(from: decoder)
        keys = try decoder.container(keyedBy: TrainConfig.CodingKeys.self).allKeys.map(\.stringValue).sorted()
    }

    /// Writes the keys set, and nothing else.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TrainConfig.CodingKeys.self)
        for key in keys.compactMap(TrainConfig.CodingKeys.init(stringValue:)) {
            try config.encode(key, into: &container)
        }
    }
}

extension TrainConfig {
    func encode(_ key: CodingKeys, into c: inout KeyedEncodingContainer<CodingKeys>) throws {
        switch key {
        case .model: try c.encode(model, forKey: key)
        case .epochs: try c.encode(epochs, forKey: key)
        case .optimizer: try c.encode(optimizer, forKey: key)
        case .momentum: try c.encode(momentum, forKey: key)
        case .nesterov: try c.encode(nesterov, forKey: key)
        case .schedule: try c.encode(schedule, forKey: key)
        case .gamma: try c.encode(gamma, forKey: key)
        case .fold: try c.encodeIfPresent(fold, forKey: key)
        case .task: try c.encodeIfPresent(task, forKey: key)
        case .normalisation: try c.encode(normalisation, forKey: key)
        case .batches: try c.encode(batches, forKey: key)
        case .seed: try c.encode(seed, forKey: key)
        case .threads: try c.encode(threads, forKey: key)
        case .batchSize: try c.encode(batchSize, forKey: key)
        case .learningRate: try c.encode(learningRate, forKey: key)
        case .weightDecay: try c.encode(weightDecay, forKey: key)
        case .finalLearningRate: try c.encodeIfPresent(finalLearningRate, forKey: key)
        case .stepEpochs: try c.encode(stepEpochs, forKey: key)
        case .plateauPatience: try c.encode(plateauPatience, forKey: key)
        case .earlyStoppingPatience: try c.encodeIfPresent(earlyStoppingPatience, forKey: key)
        case .clipNorm: try c.encodeIfPresent(clipNorm, forKey: key)
        case .labelSmoothing: try c.encode(labelSmoothing, forKey: key)
        case .dropLast: try c.encode(dropLast, forKey: key)
        case .checkpointEvery: try c.encode(checkpointEvery, forKey: key)
        case .keepCheckpoints: try c.encode(keepCheckpoints, forKey: key)
        }
    }
}
