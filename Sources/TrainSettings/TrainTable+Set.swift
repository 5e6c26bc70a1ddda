extension TrainTable {
    /// A `KEY=VALUE` that cannot be read as the key's type, in one line naming the key.
    public struct SettingError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Sets one key from text (`melshard train`'s options and `--set KEY=VALUE`), read as the
    /// key's type: an integer, a number, `true`/`false`, or one of a choice's names. Ranges are
    /// checked later with every other setting (`TrainConfig.problems`), so all problems come at once.
    public mutating func set(_ key: String, to text: String) throws(SettingError) {
        guard let coding = TrainConfig.CodingKeys(stringValue: key) else {
            throw SettingError(
                description:
                    "\(key): unknown setting; the settings are \(TrainConfig.keys.sorted().joined(separator: ", "))")
        }
        func fail(_ expected: String) -> SettingError {
            SettingError(description: "\(key) = \(text): expected \(expected)")
        }
        func int() throws(SettingError) -> Int {
            guard let value = Int(text) else { throw fail("an integer") }
            return value
        }
        func number() throws(SettingError) -> Double {
            guard let value = Double(text) else { throw fail("a number") }
            return value
        }
        func bool() throws(SettingError) -> Bool {
            guard let value = Bool(text) else { throw fail("true or false") }
            return value
        }
        func choice<E: RawRepresentable<String>>(_: E.Type) throws(SettingError) -> E {
            guard let value = E(rawValue: text) else { throw fail(TrainConfig.allowedValues(of: key)) }
            return value
        }
        switch coding {
        case .model: config.model = text
        case .epochs: config.epochs = try int()
        case .optimizer: config.optimizer = try choice(TrainConfig.OptimizerKind.self)
        case .momentum: config.momentum = try number()
        case .nesterov: config.nesterov = try bool()
        case .schedule: config.schedule = try choice(TrainConfig.ScheduleKind.self)
        case .gamma: config.gamma = try number()
        case .fold: config.fold = try int()
        case .task: config.task = text
        case .normalisation: config.normalisation = try choice(TrainConfig.NormalisationKind.self)
        case .batches: config.batches = try choice(TrainConfig.BatchMixing.self)
        case .seed:
            guard let seed = UInt64(text) else { throw fail("an integer 0 … 2^64 − 1") }
            config.seed = seed
        case .threads: config.threads = try int()
        case .batchSize: config.batchSize = try int()
        case .learningRate: config.learningRate = try number()
        case .weightDecay: config.weightDecay = try number()
        case .finalLearningRate: config.finalLearningRate = try number()
        case .stepEpochs: config.stepEpochs = try int()
        case .plateauPatience: config.plateauPatience = try int()
        case .earlyStoppingPatience: config.earlyStoppingPatience = try int()
        case .clipNorm: config.clipNorm = try number()
        case .labelSmoothing: config.labelSmoothing = try number()
        case .dropLast: config.dropLast = try bool()
        case .checkpointEvery: config.checkpointEvery = try int()
        case .keepCheckpoints: config.keepCheckpoints = try int()
        }
        if !keys.contains(key) { keys = (keys + [key]).sorted() }
    }
}
