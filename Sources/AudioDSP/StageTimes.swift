/// Where the time of decoding and feature extraction goes, for `melshard bench`: clock time per
/// stage, added up over every call that was handed this object. Reading the clock costs tens of
/// nanoseconds, a few times per clip and per decoded block, so timing does not move what it
/// measures; without one (the default) nothing is read.
///
/// Not thread-safe: one per thread, like a `FeatureExtractor`.
public final class StageTimes: @unchecked Sendable {
    /// The stages of `AudioLoader` and `FeatureExtractor`, in pipeline order.
    public enum Stage: String, CaseIterable, Sendable, Codable {
        /// Reading the file through libsndfile, checking it is finite, and the mono downmix.
        case decode
        case resample
        /// Framing, windowing, FFT and `|X|^power`.
        case stft
        case mel
        case scaling
        case resize
    }

    public private(set) var seconds: [Stage: Double] = [:]

    public init() {}

    /// Runs `body` and adds its clock time to `stage`.
    @inline(__always)
    func measure<T, E: Error>(_ stage: Stage, _ body: () throws(E) -> T) throws(E) -> T {
        let start = ContinuousClock.now
        defer { add(stage, since: start) }
        return try body()
    }

    /// Adds the time since `start` to `stage`.
    func add(_ stage: Stage, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        seconds[stage, default: 0] +=
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Adds the time since `start` to `stage`, less what `resample` gained meanwhile (it was
    /// `resampledBefore` at `start`): the loader times a whole read, and the resampling inside
    /// it times itself.
    func addOutside(_ stage: Stage, since start: ContinuousClock.Instant, _ resampledBefore: Double) {
        add(stage, since: start)
        seconds[stage, default: 0] -= (seconds[.resample] ?? 0) - resampledBefore
    }
}
