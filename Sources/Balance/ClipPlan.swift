import MelshardCore

/// A source as Balance sees it: ingested, probed, and measured at the feature rate.
public struct PlanSource: Sendable, Hashable {
    /// `StableID.of(corpus, path)`.
    public var id: Int64
    public var corpus: String
    public var path: String
    public var labels: [String]
    public var group: String
    public var officialSplit: String?
    /// Its length in samples once resampled to the feature rate.
    public var samplesAtFeatureRate: Int
    /// The SHA-256 of its bytes, when known: identical audio in two corpora is kept in one split.
    public var contentHash: String?
    /// For an aligned sentence recording: one clip per occurrence of a target word, placed by
    /// Align. Such a source gives exactly these clips, whatever the crop rules say.
    public var wordClips: [WordClip]?
    /// For a stem of a corpus with `mixtures = true`: its track, and where it plays.
    public var mixtureStem: MixtureStem?

    /// `id` is `StableID.of(corpus, path)`; a caller that has it already passes it.
    public init(
        id: Int64? = nil, corpus: String, path: String, labels: [String], group: String, officialSplit: String? = nil,
        samplesAtFeatureRate: Int, contentHash: String? = nil
    ) {
        self.contentHash = contentHash
        self.id = id ?? StableID.of(corpus, path)
        self.corpus = corpus
        self.path = path
        self.labels = labels
        self.group = group
        self.officialSplit = officialSplit
        self.samplesAtFeatureRate = samplesAtFeatureRate
    }
}

/// A stem as the mixture planner needs it. A class, so the field costs every other source one
/// pointer, not the inline size of a string and an array (the plan holds several copies of
/// each source, and corpora run to a million sources).
public final class MixtureStem: Sendable, Hashable {
    /// The track the stem belongs to, unique in its corpus (`train/Artist - Title`). Not the
    /// group: identical audio (two instrumentals' silent vocals) merges groups across tracks.
    public let track: String
    /// The seconds the stem is active in each consecutive clip-length segment of the track
    /// (segment k starts at k · clip length).
    public let activeSeconds: [Double]

    public init(track: String, activeSeconds: [Double]) {
        self.track = track
        self.activeSeconds = activeSeconds
    }

    public static func == (a: MixtureStem, b: MixtureStem) -> Bool {
        a.track == b.track && a.activeSeconds == b.activeSeconds
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(track)
        hasher.combine(activeSeconds)
    }
}

/// An occurrence of a target word and the clip Align centred on it.
public struct WordClip: Sendable, Hashable {
    public var word: String
    /// The word's index among the sentence's tokens: names the clip, stable across builds.
    public var tokenIndex: Int
    /// The clip's first sample at the feature rate; negative when the clip is padded before the audio.
    public var start: Int
    /// The word's aligned span, in samples at the feature rate from the source's start: what
    /// every jittered clip of the occurrence must contain.
    public var wordStart: Int
    public var wordEnd: Int

    public init(word: String, tokenIndex: Int, start: Int, wordStart: Int, wordEnd: Int) {
        self.word = word
        self.tokenIndex = tokenIndex
        self.start = start
        self.wordStart = wordStart
        self.wordEnd = wordEnd
    }
}

/// One clip, fully specified: what Features cuts, and what the index records.
///
/// A study-size plan holds eight million of these at once, so the split, fold and length are
/// stored narrow (64 bytes a clip, not 96; docs/build.md, "Memory") behind the same properties.
public struct PlannedClip: Sendable, Hashable {
    /// `StableID.of("clip", corpus, path, k)`: stable across builds whatever else changes.
    public var id: Int64
    public var sourceID: Int64
    /// The first sample, at the feature rate.
    public var start: Int
    /// Class indices into `ClipPlan.labels`, ascending.
    public var labels: [Int]
    /// Why the clip exists: `start`, `center`, `subset`, `crop k of n`, `patch k of n`, `word`,
    /// or `mixture STEMS, segment k of n`.
    public var reason: String
    /// For a stem mixture: the sources summed, in the corpus's stem order. `sourceID` is then the
    /// track's first stem, which names the track (all its mixtures share it). Empty otherwise.
    public var mixture: [Int64]
    private var storedLength: Int32
    /// Split and fold in three bytes, as the planner's units hold them.
    private var placement: GroupAssigner.Placement

    /// The three splits a clip can be in, as `GroupAssigner` and `OfficialSplit` name them.
    public static let splits = ["train", "validation", "test"]

    public init(
        id: Int64, sourceID: Int64, start: Int, length: Int, labels: [Int], split: String, fold: Int?,
        reason: String, mixture: [Int64] = []
    ) {
        (self.id, self.sourceID, self.start, self.labels) = (id, sourceID, start, labels)
        (self.reason, self.mixture) = (reason, mixture)
        storedLength = 0
        placement = GroupAssigner.Placement(split: split, fold: fold)
        self.length = length
    }

    /// Samples at the feature rate; past the source's end they are zeros (`short = "pad"`).
    public var length: Int {
        get { Int(storedLength) }
        set { storedLength = Int32(newValue) }
    }

    /// `train`, `validation` or `test`.
    public var split: String {
        get { placement.split }
        set { placement.split = newValue }
    }

    /// The fold of `splits.method = "kfold"`, 0-based; nil otherwise.
    public var fold: Int? {
        get { placement.fold }
        set { placement.fold = newValue }
    }
}

/// Every clip of a build, and what Balance refused.
public struct ClipPlan: Sendable {
    /// Class names in index order.
    public var labels: [String]
    /// The sources that have at least one clip, by id.
    public var sources: [Int64: PlanSource]
    /// Ordered by id.
    public var clips: [PlannedClip]
    public var rejects: [Reject]
    /// Every source's classes (indices into `labels`, ascending) once labels are merged and
    /// classes selected, whether or not it has clips: what the index's `source_labels` holds.
    public var sourceLabels: [Int64: [Int]] = [:]
    /// Per class, in `labels` order: counts before and after balancing.
    public var classes: [ClassBalance] = []
    /// Per mixture corpus, by name: how many tracks and segments its stems gave.
    public var mixtures: [String: MixtureSummary] = [:]

    public init(
        labels: [String], sources: [Int64: PlanSource], clips: [PlannedClip], rejects: [Reject],
        sourceLabels: [Int64: [Int]] = [:], classes: [ClassBalance] = []
    ) {
        self.labels = labels
        self.sources = sources
        self.clips = clips
        self.rejects = rejects
        self.sourceLabels = sourceLabels
        self.classes = classes
    }
}
