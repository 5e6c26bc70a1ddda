/// `kind = "musdb"`: MUSDB18-HQ folders, or MUSDB18's `.stem.mp4` files through ffmpeg.
public struct MUSDBOptions: Sendable, Equatable, Encodable {
    public enum Stem: String, Sendable, Equatable, Encodable, CaseIterable {
        case mixture, drums, bass, other, vocals
    }

    public enum Subset: String, Sendable, CaseIterable {
        case train, test
    }

    /// One source per track and stem, labelled with the stem's name.
    public var stems: [Stem]
    /// `train`, `test`, or both.
    public var subsets: [String]
    /// When set, clips are not cut from single stems: each track is cut into segments of the
    /// clip's length and every non-empty combination of `stems` is mixed per kept segment.
    public var mixtures: StemMixtureSpec?

    public init(
        stems: [Stem] = [.drums, .bass, .other, .vocals], subsets: [String] = ["train", "test"],
        mixtures: StemMixtureSpec? = nil
    ) {
        self.stems = stems
        self.subsets = subsets
        self.mixtures = mixtures
    }

    init(reading r: inout TableReader) {
        self.init()
        stems = r.choices("stems", Stem.self, emptyMeans: "reads no audio") ?? stems
        subsets = r.choices("subsets", Subset.self, emptyMeans: "reads no track")?.map(\.rawValue) ?? subsets
        let defaults = StemMixtureSpec()
        let minActive = r.number(
            "mixture_min_active_seconds", where: { $0 >= 0 && $0 <= 3600 }, allowed: "seconds, 0 ≤ s ≤ 3600")
        let threshold = r.number(
            "mixture_threshold_db", where: { $0 > -200 && $0 <= 0 }, allowed: "dBFS, -200 < dB ≤ 0")
        let frame = r.number(
            "mixture_frame_seconds", where: { $0 >= 0.001 && $0 <= 10 }, allowed: "seconds, 0.001 ≤ s ≤ 10")
        if r.boolean("mixtures") == true {
            mixtures = StemMixtureSpec(
                minActiveSeconds: minActive ?? defaults.minActiveSeconds,
                thresholdDB: threshold ?? defaults.thresholdDB,
                frameSeconds: frame ?? defaults.frameSeconds)
            if stems.contains(.mixture) {
                r.problem(
                    "stems",
                    "mixtures are made of separate stems; \"mixture\" is the whole mix and cannot be one of them")
            }
        } else if minActive != nil || threshold != nil || frame != nil {
            r.problem("mixtures", "the mixture_* keys are read only with mixtures = true")
        }
    }

    enum CodingKeys: String, CodingKey { case stems, subsets, mixtures }
}

/// How a MUSDB corpus's stems become mixtures (docs/balance.md, "Stem mixtures"): segments of
/// the clip's length, kept when every stem is active for `minActiveSeconds` of it, a stem being
/// active in a frame whose RMS reaches `thresholdDB`.
public struct StemMixtureSpec: Sendable, Equatable, Encodable {
    /// Study 003 keeps a 10-s segment when every stem plays for at least 5 s of it.
    public var minActiveSeconds: Double
    /// dB relative to full scale: a frame whose RMS is at or above it is active. Study 003 gives
    /// no threshold; -40 dBFS is far above dither and codec noise and far below any played note.
    public var thresholdDB: Double
    /// Length of the non-overlapping RMS frames.
    public var frameSeconds: Double

    public init(minActiveSeconds: Double = 5, thresholdDB: Double = -40, frameSeconds: Double = 0.1) {
        self.minActiveSeconds = minActiveSeconds
        self.thresholdDB = thresholdDB
        self.frameSeconds = frameSeconds
    }

    enum CodingKeys: String, CodingKey {
        case minActiveSeconds = "min_active_seconds", thresholdDB = "threshold_db", frameSeconds = "frame_seconds"
    }
}

extension CorpusSpec {
    /// The stem-mixture rule of a `musdb` corpus with `mixtures = true`.
    public var mixtures: StemMixtureSpec? {
        if case .musdb(let options) = options { return options.mixtures }
        return nil
    }
}
