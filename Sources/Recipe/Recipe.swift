import FeatureSettings
import TrainSettings

/// A dataset as a study describes it: which corpora, which labels, how clips are cut and split,
/// which features, and how shards are laid out. Every field has been validated and every
/// default filled in; `docs/recipes.md` documents each key.
public struct Recipe: Sendable, Equatable, Encodable {
    public var name: String
    /// Keys every random choice of the build (crops, splits, shuffles).
    public var seed: UInt64
    public var corpora: [CorpusSpec]
    public var task: TaskSpec
    /// Which classes the dataset keeps, after merging labels.
    public var classes: ClassSelection
    public var clips: ClipSpec
    public var splits: SplitSpec
    public var features: FeatureSpec
    public var shards: ShardSpec
    /// Word clips from sentence recordings; nil aligns nothing.
    public var align: AlignSpec?
    /// `melshard train`'s settings from the `[train]` table (docs/train.md), carried in the card
    /// as the keys the table sets; nil when the recipe has none. Keys left out keep their defaults.
    public var train: TrainTable?

    public init(
        name: String, seed: UInt64 = 0, corpora: [CorpusSpec], task: TaskSpec = TaskSpec(),
        classes: ClassSelection = ClassSelection(),
        clips: ClipSpec = ClipSpec(), splits: SplitSpec = SplitSpec(), features: FeatureSpec = FeatureSpec(),
        shards: ShardSpec = ShardSpec(), align: AlignSpec? = nil
    ) {
        self.align = align
        self.name = name
        self.seed = seed
        self.corpora = corpora
        self.task = task
        self.classes = classes
        self.clips = clips
        self.splits = splits
        self.features = features
        self.shards = shards
    }

    /// The tasks of a dual-task dataset in the order their corpora come (a corpus without
    /// `task` is its own task); empty when no corpus names a task.
    public var tasks: [String] {
        guard corpora.contains(where: { $0.task != nil }) else { return [] }
        return corpora.map { $0.task ?? $0.name }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// The task of a corpus's clips; nil in a single-task dataset.
    public func task(ofCorpus name: String) -> String? {
        guard !tasks.isEmpty, let corpus = corpora.first(where: { $0.name == name }) else { return nil }
        return corpus.task ?? corpus.name
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
    /// The reader: what `options` are for.
    public var kind: Kind { options.kind }
    /// Absolute path of the corpus root.
    public var root: String
    /// File extensions read as audio, lower case, without the dot.
    /// Read by `folder` corpora only.
    public var extensions: [String]
    /// Read by `folder` corpora only; every other kind knows its own groups.
    public var groupBy: Grouping
    /// The kind's own keys.
    public var options: CorpusOptions
    /// The task its clips belong to in a dual-task dataset (music genres and spoken words in one
    /// recipe); nil in a single-task recipe.
    public var task: String?

    public static let defaultExtensions = ["wav", "flac", "ogg", "opus", "mp3", "au", "aiff", "aif"]

    public init(
        name: String, kind: Kind = .folder, root: String, extensions: [String] = Self.defaultExtensions,
        groupBy: Grouping = .file,
        options: CorpusOptions? = nil
    ) {
        precondition(
            options.map { $0.kind == kind } ?? true, "options of kind \(options!.kind) given for a \(kind) corpus")
        self.name = name
        self.root = root
        self.extensions = extensions
        self.groupBy = groupBy
        self.options = options ?? .defaults(for: kind)
    }

    enum CodingKeys: String, CodingKey { case name, kind, root, extensions, groupBy = "group_by", options, task }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encode(root, forKey: .root)
        try c.encode(extensions, forKey: .extensions)
        try c.encode(groupBy, forKey: .groupBy)
        try c.encode(options, forKey: .options)
        try c.encodeIfPresent(task, forKey: .task)
    }
}

public struct TaskSpec: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Equatable, Encodable, CaseIterable {
        /// One class per clip; `labels` is int32.
        case singleLabel = "single-label"
        /// Any number of classes per clip; `labels` is uint8 multi-hot.
        case multiLabel = "multi-label"
    }

    /// What a source with several (selected) labels becomes.
    public enum MultiLabelPolicy: String, Sendable, Equatable, Encodable, CaseIterable {
        /// One clip per label, all from the same source and so in one split.
        case duplicate
        /// The first label, in the corpus's order, that is one of the task's classes.
        case first
        /// The source is rejected (`several-labels`).
        case exclude
        /// One clip with every label (multi-label tasks only).
        case multiHot = "multi-hot"
    }

    public var kind: Kind
    /// The classes in index order; nil means every label found, sorted.
    public var labels: [String]?
    /// As written in the recipe; nil means the kind's default (`policy`).
    public var multiLabelPolicy: MultiLabelPolicy?

    /// How the classes of several tasks are numbered in a dual-task dataset.
    public enum LabelSpace: String, Sendable, Equatable, Encodable, CaseIterable {
        /// One list over every task (61 genres + 467 words = 528 classes in study 000).
        case combined
        /// Each task numbers its own classes from 0; a clip's `tasks` entry says whose.
        case separate
    }

    /// As written; nil means `combined` (and is left out of the recipe's JSON).
    public var labelSpace: LabelSpace?

    public init(
        kind: Kind = .singleLabel, labels: [String]? = nil, multiLabelPolicy: MultiLabelPolicy? = nil,
        labelSpace: LabelSpace? = nil
    ) {
        self.labelSpace = labelSpace
        self.kind = kind
        self.labels = labels
        self.multiLabelPolicy = multiLabelPolicy
    }

    /// The policy in force: `multi-hot` for a multi-label task, `exclude` for a single-label one
    /// (its rejects keep today's code, `several-labels`), unless the recipe names one.
    public var policy: MultiLabelPolicy {
        multiLabelPolicy ?? (kind == .multiLabel ? .multiHot : .exclude)
    }

    enum CodingKeys: String, CodingKey {
        case kind, labels, multiLabelPolicy = "multi_label_policy", labelSpace = "label_space"
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
        /// Windows tiling the whole source, `patch_hop_frames` apart: every window is a clip, and
        /// all of a source's clips share its id, so evaluation can vote per track.
        case patches
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
    /// Clips per class over the whole dataset (all splits together); nil: `per_source` clips
    /// from every source, classes as unbalanced as the corpus.
    public var perClass: Int?
    /// The least silence between two crops of one source, in seconds; nil lets crops overlap.
    public var minGapSeconds: Double?
    /// The most clips one source (one label of it, under `duplicate`) may give; nil: no cap.
    public var maxPerSource: Int?
    /// Crop starts on multiples of the feature hop, so a crop's frames line up with the frames
    /// of the whole source.
    public var alignToHop: Bool
    /// With `crop = "patches"`: feature frames from one patch's start to the next; nil means a
    /// clip's own length, so patches do not overlap.
    public var patchHopFrames: Int?
    /// `word_jitter = true`: a word class with fewer occurrences than `per_class` is filled up
    /// with extra clips of its occurrences at seeded offsets that keep the whole word inside;
    /// nil: one centred clip per occurrence. Encoded only when on, so other recipes keep their JSON.
    public var wordJitter: WordJitterSpec?

    public init(
        lengthSeconds: Double = 2, lengthSamples: Int? = nil, crop: Crop = .random, perSource: Int = 1,
        short: ShortSource = .reject,
        perClass: Int? = nil, minGapSeconds: Double? = nil, maxPerSource: Int? = nil, alignToHop: Bool = false,
        patchHopFrames: Int? = nil
    ) {
        self.patchHopFrames = patchHopFrames
        self.lengthSeconds = lengthSeconds
        self.lengthSamples = lengthSamples
        self.crop = crop
        self.perSource = perSource
        self.short = short
        self.perClass = perClass
        self.minGapSeconds = minGapSeconds
        self.maxPerSource = maxPerSource
        self.alignToHop = alignToHop
    }

    enum CodingKeys: String, CodingKey {
        case lengthSeconds = "length_seconds", lengthSamples = "length_samples", crop, perSource = "per_source", short
        case perClass = "per_class", minGapSeconds = "min_gap_seconds", maxPerSource = "max_per_source", alignToHop =
            "align_to_hop"
        case patchHopFrames = "patch_hop_frames"
        case wordJitter = "word_jitter"
    }
}

/// How extra clips of a word occurrence are placed (`[clips] word_jitter`, docs/balance.md).
public struct WordJitterSpec: Sendable, Equatable, Encodable {
    /// The least room between the word's aligned span and either edge of the clip, in seconds.
    public var marginSeconds: Double

    public init(marginSeconds: Double = 0.1) { self.marginSeconds = marginSeconds }

    enum CodingKeys: String, CodingKey { case marginSeconds = "margin_seconds" }
}

public struct SplitSpec: Sendable, Equatable, Encodable {
    public enum Method: String, Sendable, Equatable, Encodable, CaseIterable {
        /// Whole groups are assigned to train, validation and test, stratified by class.
        case ratios
        /// Everything is training data.
        case none
        /// The corpus's own split (split lists, train/dev/test files, split folders); a source
        /// without one is rejected.
        case official
        /// Whole groups are assigned to `folds` folds, stratified by class; every clip's split
        /// is `train` and `clips.fold` says which fold holds it.
        case kfold
    }

    public var method: Method
    public var train: Double
    public var validation: Double
    public var test: Double
    /// K for `kfold`; nil for every other method.
    public var folds: Int?
    /// `ratios` and `kfold` balance each class across splits (true), or draw each group on its
    /// own (false: today's draws, which move no other group when one is added).
    public var stratify: Bool

    public init(
        method: Method = .ratios, train: Double = 0.8, validation: Double = 0.1, test: Double = 0.1, folds: Int? = nil,
        stratify: Bool = true
    ) {
        self.method = method
        self.train = train
        self.validation = validation
        self.test = test
        self.folds = folds
        self.stratify = stratify
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
