extension TrainConfig {
    /// Decodes a partial table: every key absent keeps its default, so the same decoder reads a
    /// run's full `config.json` and a recipe's few `[train]` keys.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(model: try c.decodeIfPresent(String.self, forKey: .model) ?? "")
        func read<T: Decodable>(_ key: CodingKeys, into value: inout T) throws {
            if let v = try c.decodeIfPresent(T.self, forKey: key) { value = v }
        }
        try read(.epochs, into: &epochs)
        try read(.batchSize, into: &batchSize)
        try read(.learningRate, into: &learningRate)
        try read(.optimizer, into: &optimizer)
        try read(.momentum, into: &momentum)
        try read(.nesterov, into: &nesterov)
        try read(.weightDecay, into: &weightDecay)
        try read(.schedule, into: &schedule)
        finalLearningRate = try c.decodeIfPresent(Double.self, forKey: .finalLearningRate)
        try read(.stepEpochs, into: &stepEpochs)
        try read(.gamma, into: &gamma)
        try read(.plateauPatience, into: &plateauPatience)
        earlyStoppingPatience = try c.decodeIfPresent(Int.self, forKey: .earlyStoppingPatience)
        clipNorm = try c.decodeIfPresent(Double.self, forKey: .clipNorm)
        try read(.labelSmoothing, into: &labelSmoothing)
        fold = try c.decodeIfPresent(Int.self, forKey: .fold)
        task = try c.decodeIfPresent(String.self, forKey: .task)
        try read(.normalisation, into: &normalisation)
        try read(.batches, into: &batches)
        try read(.dropLast, into: &dropLast)
        try read(.seed, into: &seed)
        try read(.threads, into: &threads)
        try read(.checkpointEvery, into: &checkpointEvery)
        try read(.keepCheckpoints, into: &keepCheckpoints)
    }

    /// The recipe keys of a `[train]` table, for the recipe's own check of unknown keys.
    public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }
}

extension TrainConfig {
    /// The values a named choice allows, for messages: `"adam", "adamw" or "sgd"`.
    public static func allowedValues(of key: String) -> String {
        let values: [String]
        switch key {
        case "optimizer": values = OptimizerKind.allCases.map(\.rawValue)
        case "schedule": values = ScheduleKind.allCases.map(\.rawValue)
        case "normalisation": values = NormalisationKind.allCases.map(\.rawValue)
        case "batches": values = BatchMixing.allCases.map(\.rawValue)
        default: return "a value of the documented type (docs/train.md)"
        }
        let quoted = values.map { "\"\($0)\"" }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }
}
