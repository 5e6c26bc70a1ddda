import Features

/// A dataset as a study describes it: which corpora, which labels, how clips are cut and split,
/// which features, and how shards are laid out. Every field has been validated and every
/// default filled in; `docs/recipes.md` documents each key.
public struct Recipe: Sendable, Equatable, Encodable {
    public var name: String
    /// Keys every random choice of the build (crops, splits, shuffles).
    public var seed: UInt64
    public var corpora: [CorpusSpec]
    public var task: TaskSpec
    public var clips: ClipSpec
    public var splits: SplitSpec
    public var features: FeatureSpec
    public var shards: ShardSpec

    public init(name: String, seed: UInt64 = 0, corpora: [CorpusSpec], task: TaskSpec = TaskSpec(), clips: ClipSpec = ClipSpec(),
                splits: SplitSpec = SplitSpec(), features: FeatureSpec = FeatureSpec(), shards: ShardSpec = ShardSpec()) {
        self.name = name
        self.seed = seed
        self.corpora = corpora
        self.task = task
        self.clips = clips
        self.splits = splits
        self.features = features
        self.shards = shards
    }

    /// The clip length in samples at the feature sample rate.
    public var clipSamples: Int {
        clips.lengthSamples ?? Int((clips.lengthSeconds * Double(features.parameters.sampleRate)).rounded())
    }
}

public struct CorpusSpec: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Equatable, Encodable, CaseIterable {
        /// One class per sub-folder of the root.
        case folder
        /// A CSV or TSV with path and label columns.
        case table
        case mtgJamendo = "mtg-jamendo"
        case commonVoice = "common-voice"
        case gtzan, ballroom, musdb
        case speechCommands = "speech-commands"
    }

    /// How sources are grouped so that a group never straddles splits.
    public enum Grouping: String, Sendable, Equatable, Encodable, CaseIterable {
        /// Each file is its own group.
        case file
        /// Files in the same folder form one group (an artist's or a speaker's folder).
        case folder
    }

    public var name: String
    public var kind: Kind
    /// Absolute path of the corpus root.
    public var root: String
    /// File extensions read as audio, lower case, without the dot.
    /// Read by `folder` corpora only.
    public var extensions: [String]
    /// Read by `folder` corpora only; every other kind knows its own groups.
    public var groupBy: Grouping
    /// The kind's own keys.
    public var options: CorpusOptions

    public static let defaultExtensions = ["wav", "flac", "ogg", "opus", "mp3", "au", "aiff", "aif"]

    public init(name: String, kind: Kind = .folder, root: String, extensions: [String] = Self.defaultExtensions, groupBy: Grouping = .file,
                options: CorpusOptions? = nil) {
        self.name = name
        self.kind = kind
        self.root = root
        self.extensions = extensions
        self.groupBy = groupBy
        self.options = options ?? .defaults(for: kind)
    }

    enum CodingKeys: String, CodingKey { case name, kind, root, extensions, groupBy = "group_by", options }
}

public struct TaskSpec: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Equatable, Encodable, CaseIterable {
        /// One class per clip; `labels` is int32.
        case singleLabel = "single-label"
        /// Any number of classes per clip; `labels` is uint8 multi-hot.
        case multiLabel = "multi-label"
    }

    public var kind: Kind
    /// The classes in index order; nil means every label found, sorted.
    public var labels: [String]?

    public init(kind: Kind = .singleLabel, labels: [String]? = nil) {
        self.kind = kind
        self.labels = labels
    }
}

public struct ClipSpec: Sendable, Equatable, Encodable {
    public enum Crop: String, Sendable, Equatable, Encodable, CaseIterable {
        /// Seeded random offsets, `per_source` of them.
        case random
        /// The first `length` of the source.
        case start
        /// The middle `length` of the source.
        case center
    }

    /// What happens to a source shorter than one clip.
    public enum ShortSource: String, Sendable, Equatable, Encodable, CaseIterable {
        case reject
        /// Zeros after the end of the audio.
        case pad
    }

    public var lengthSeconds: Double
    /// Exact length in samples at the feature rate; overrides `length_seconds` when set.
    public var lengthSamples: Int?
    public var crop: Crop
    public var perSource: Int
    public var short: ShortSource

    public init(lengthSeconds: Double = 2, lengthSamples: Int? = nil, crop: Crop = .random, perSource: Int = 1, short: ShortSource = .reject) {
        self.lengthSeconds = lengthSeconds
        self.lengthSamples = lengthSamples
        self.crop = crop
        self.perSource = perSource
        self.short = short
    }

    enum CodingKeys: String, CodingKey {
        case lengthSeconds = "length_seconds", lengthSamples = "length_samples", crop, perSource = "per_source", short
    }
}

public struct SplitSpec: Sendable, Equatable, Encodable {
    public enum Method: String, Sendable, Equatable, Encodable, CaseIterable {
        /// Whole groups are assigned to train, validation and test by seeded draws.
        case ratios
        /// Everything is training data.
        case none
        /// The corpus's own split (split lists, train/dev/test files, split folders); a source
        /// without one is rejected.
        case official
    }

    public var method: Method
    public var train: Double
    public var validation: Double
    public var test: Double

    public init(method: Method = .ratios, train: Double = 0.8, validation: Double = 0.1, test: Double = 0.1) {
        self.method = method
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// The split names in the order shards and the card list them.
    public static let names = ["train", "validation", "test"]
}

public struct FeatureSpec: Sendable, Equatable, Encodable {
    public var preset: FeaturePreset
    /// The preset with the recipe's overrides applied, validated.
    public var parameters: FeatureParameters

    public init(preset: FeaturePreset = .librosa, parameters: FeatureParameters? = nil) {
        self.preset = preset
        self.parameters = parameters ?? preset.parameters
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(preset.rawValue, forKey: .preset)
        try container.encode(parameters, forKey: .parameters)
    }

    enum CodingKeys: String, CodingKey { case preset, parameters }
}

public struct ShardSpec: Sendable, Equatable, Encodable {
    public enum DType: String, Sendable, Equatable, Encodable, CaseIterable {
        case float16, float32
    }

    /// The target clips per shard. Shards hold whole sources, so sizes vary around it (see docs/shards.md).
    public var clipsPerShard: Int
    public var dtype: DType

    public init(clipsPerShard: Int = 1024, dtype: DType = .float16) {
        self.clipsPerShard = clipsPerShard
        self.dtype = dtype
    }

    enum CodingKeys: String, CodingKey { case clipsPerShard = "clips_per_shard", dtype }
}
