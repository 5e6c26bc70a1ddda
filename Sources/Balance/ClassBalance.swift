/// One class's counts before and after balancing, for the card, `status` and `plan`.
public struct ClassBalance: Sendable, Hashable, Codable {
    public var label: String
    /// Sources carrying the class once labels are merged: before selection, the multi-label
    /// policy, length checks or balancing.
    public var sourcesFound: Int
    /// Sources that could give the class clips: after the policy and every check.
    public var sourcesEligible: Int
    /// Sources with at least one clip of the class.
    public var sourcesUsed: Int
    /// Clips carrying the class (a multi-hot clip counts for each of its classes).
    public var clips: Int
    /// The most clips one source gives the class.
    public var maxClipsPerSource: Int
    /// `clips.per_class`, when set.
    public var target: Int?
    /// How many clips short of the target the class is, because the audio or the cap held no more.
    public var shortfall: Int
    /// For a word class (clips placed by Align): the occurrences that gave clips, and the
    /// oversampling factor per occurrence (`word_jitter`), mean and max. nil for other classes,
    /// so their cards are unchanged.
    public var occurrences: Int?
    public var meanClipsPerOccurrence: Double?
    public var maxClipsPerOccurrence: Int?

    public init(
        label: String, sourcesFound: Int = 0, sourcesEligible: Int = 0, sourcesUsed: Int = 0, clips: Int = 0,
        maxClipsPerSource: Int = 0, target: Int? = nil, shortfall: Int = 0
    ) {
        self.label = label
        self.sourcesFound = sourcesFound
        self.sourcesEligible = sourcesEligible
        self.sourcesUsed = sourcesUsed
        self.clips = clips
        self.maxClipsPerSource = maxClipsPerSource
        self.target = target
        self.shortfall = shortfall
    }

    /// Clips per used source: the mean oversampling factor.
    public var meanClipsPerSource: Double { sourcesUsed == 0 ? 0 : Double(clips) / Double(sourcesUsed) }

    enum CodingKeys: String, CodingKey {
        case label, sourcesFound = "sources_found", sourcesEligible = "sources_eligible", sourcesUsed = "sources_used",
            clips
        case maxClipsPerSource = "max_clips_per_source", target, shortfall
        case occurrences, meanClipsPerOccurrence = "clips_per_occurrence_mean"
        case maxClipsPerOccurrence = "clips_per_occurrence_max"
    }
}
