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
///
/// A study-size corpus holds five million at once, so the positions are stored in 32 bits
/// (32 bytes an occurrence, not 48; docs/build.md, "Memory"): a sentence recording would have
/// to last 37 hours at 16 kHz to reach their limit, and Align rejects a word beyond it
/// (`WordClip.fits`).
public struct WordClip: Sendable, Hashable {
    public var word: String
    private var storedStart: Int32
    private var storedTokenIndex: Int32
    private var storedWordStart: Int32
    private var storedWordEnd: Int32

    /// Whether `init` can store these values: each within 32 bits.
    public static func fits(tokenIndex: Int, start: Int, wordStart: Int, wordEnd: Int) -> Bool {
        [tokenIndex, start, wordStart, wordEnd].allSatisfy { Int32(exactly: $0) != nil }
    }

    public init(word: String, tokenIndex: Int, start: Int, wordStart: Int, wordEnd: Int) {
        precondition(
            Self.fits(tokenIndex: tokenIndex, start: start, wordStart: wordStart, wordEnd: wordEnd),
            "a word clip's positions fit in 32 bits (WordClip.fits)")
        self.word = word
        (storedTokenIndex, storedStart) = (Int32(tokenIndex), Int32(start))
        (storedWordStart, storedWordEnd) = (Int32(wordStart), Int32(wordEnd))
    }

    /// The word's index among the sentence's tokens: names the clip, stable across builds.
    public var tokenIndex: Int { Int(storedTokenIndex) }
    /// The clip's first sample at the feature rate; negative when the clip is padded before the audio.
    public var start: Int { Int(storedStart) }
    /// The word's aligned span, in samples at the feature rate from the source's start: what
    /// every jittered clip of the occurrence must contain.
    public var wordStart: Int { Int(storedWordStart) }
    public var wordEnd: Int { Int(storedWordEnd) }
}

/// One clip, fully specified: what Features cuts, and what the index records.
///
/// A study-size plan has eight million of these. They wait in a scratch file (`ClipSpool`) as
/// 32-byte records, and in memory the start, split and fold share one 8-byte word, and the
/// labels, reason, mixture and length sit in one object shared by all clips with the same four
/// (the spool's table): 32 bytes a clip, not 96 (docs/build.md, "Memory"), behind the same
/// properties.
public struct PlannedClip: Sendable, Hashable {
    /// `StableID.of("clip", corpus, path, k)`: stable across builds whatever else changes.
    public var id: Int64
    public var sourceID: Int64
    /// Labels, reason, mixture and length; see the type's comment. Compared by content.
    private(set) var traits: Traits
    /// The start's low 32 bits; its high bits are `storedStartHigh`, after the placement, so
    /// that the four fill one 8-byte word.
    private var storedStartLow: UInt32
    /// Split and fold in three bytes, as the planner's units hold them.
    private var placement: GroupAssigner.Placement
    private var storedStartHigh: Int8

    /// What many clips have in common: their classes, why they exist, what they sum and their length.
    final class Traits: Sendable, Hashable {
        struct Values: Sendable, Hashable {
            var labels: [Int]
            var reason: String
            var mixture: [Int64]
            var length: Int
        }

        let values: Values

        init(_ values: Values) { self.values = values }

        static func == (a: Traits, b: Traits) -> Bool { a === b || a.values == b.values }

        func hash(into hasher: inout Hasher) { hasher.combine(values) }
    }

    /// The three splits a clip can be in, as `GroupAssigner` and `OfficialSplit` name them.
    public static let splits = ["train", "validation", "test"]

    /// The farthest a start may lie from sample 0 either way: 2^39 samples, 3,000 hours at 48 kHz.
    public static let startLimit = 1 << 39

    public init(
        id: Int64, sourceID: Int64, start: Int, length: Int, labels: [Int], split: String, fold: Int?,
        reason: String, mixture: [Int64] = []
    ) {
        (self.id, self.sourceID) = (id, sourceID)
        traits = Traits(Traits.Values(labels: labels, reason: reason, mixture: mixture, length: length))
        (storedStartLow, storedStartHigh) = (0, 0)
        placement = GroupAssigner.Placement(split: split, fold: fold)
        self.start = start
    }

    /// The first sample, at the feature rate.
    public var start: Int {
        get { Int(storedStartHigh) << 32 | Int(storedStartLow) }
        set {
            precondition(abs(newValue) < Self.startLimit, "a clip starts within 2^39 samples of its source's start")
            (storedStartLow, storedStartHigh) = (UInt32(truncatingIfNeeded: newValue), Int8(newValue >> 32))
        }
    }

    /// Class indices into `ClipPlan.labels`, ascending.
    public var labels: [Int] {
        get { traits.values.labels }
        set { changeTraits { $0.labels = newValue } }
    }

    /// Why the clip exists: `start`, `center`, `subset`, `crop k of n`, `patch k of n`, `word`,
    /// or `mixture STEMS, segment k of n`.
    public var reason: String {
        get { traits.values.reason }
        set { changeTraits { $0.reason = newValue } }
    }

    /// For a stem mixture: the sources summed, in the corpus's stem order. `sourceID` is then the
    /// track's first stem, which names the track (all its mixtures share it). Empty otherwise.
    public var mixture: [Int64] {
        get { traits.values.mixture }
        set { changeTraits { $0.mixture = newValue } }
    }

    /// Samples at the feature rate; past the source's end they are zeros (`short = "pad"`).
    public var length: Int {
        get { traits.values.length }
        set { changeTraits { $0.length = newValue } }
    }

    /// A new object for this clip alone: the clips that share the old one keep it as it is.
    private mutating func changeTraits(_ change: (inout Traits.Values) -> Void) {
        var values = traits.values
        change(&values)
        traits = Traits(values)
    }

    /// The clip as a spool stores it, its traits at `position` of the spool's table.
    func record(traits position: UInt32) -> ClipSpool.Record {
        ClipSpool.Record(id: id, sourceID: sourceID, start: Int64(start), traits: position, placement: placement)
    }

    /// The clip a spool's record describes, holding the spool's shared `traits`.
    init(_ record: ClipSpool.Record, traits: Traits) {
        (id, sourceID, self.traits, placement) = (record.id, record.sourceID, traits, record.placement)
        storedStartLow = UInt32(truncatingIfNeeded: record.start)
        storedStartHigh = Int8(truncatingIfNeeded: record.start >> 32)
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
    /// The ids of the sources that some clip cuts or sums. Ids, not the sources: the planner's
    /// caller has those, and a second copy keyed by id cost about 190 bytes a source
    /// (docs/build.md, "Memory").
    public var sources: Set<Int64>
    /// Ordered by id. In a scratch file, not in memory (`PlannedClips`).
    public var clips: PlannedClips
    public var rejects: [Reject]
    /// Every source's classes (indices into `labels`, ascending) once labels are merged and
    /// classes selected, whether or not it has clips: what the index's `source_labels` holds.
    public var sourceLabels = SourceLabels()
    /// Per class, in `labels` order: counts before and after balancing.
    public var classes: [ClassBalance] = []
    /// Per mixture corpus, by name: how many tracks and segments its stems gave.
    public var mixtures: [String: MixtureSummary] = [:]

    public init(
        labels: [String], sources: Set<Int64>, clips: PlannedClips, rejects: [Reject],
        sourceLabels: SourceLabels = SourceLabels(), classes: [ClassBalance] = []
    ) {
        self.labels = labels
        self.sources = sources
        self.clips = clips
        self.rejects = rejects
        self.sourceLabels = sourceLabels
        self.classes = classes
    }
}
