import AudioDSP
import Foundation
import MelshardCore

/// Runs alignment methods on a benchmark corpus and measures them against the true timings.
///
/// For every word with a true span: the centre error (estimated centre − true centre), whether
/// the true span lies wholly inside the `clipSeconds` crop that `CropPlacement` would cut around
/// the estimate (pad policy, clamped to the audio), whether it lies inside a `windowSeconds`
/// window placed the same way, and whether the confidence falls below `minimumConfidence`.
/// Shares are over all timed words; rejected words count as outside nothing (they are reported
/// separately, and `inCropAccepted` gives the share among the words kept).
public struct AlignEvaluation: Sendable {
    public var methods: [AlignmentMethod]
    public var clipSeconds = 2.0
    public var windowSeconds = 1.0
    /// Per method; a method missing here rejects nothing.
    public var minimumConfidence: [AlignmentMethod: Double] = [:]
    public var jobs = 1

    public init(methods: [AlignmentMethod] = AlignmentMethod.allCases) {
        self.methods = methods
    }

    public struct Row: Codable, Sendable {
        public var method: AlignmentMethod
        /// "all", or one family: the clip's `synthesizer` up to its ":" ("espeak-ng", "festival"; on
        /// the real set of `scripts/fetch-real-speech`, kind and condition: "spontaneous/15dB").
        public var subset: String
        public var words: Int
        public var medianErrorMs: Double
        public var p90ErrorMs: Double
        public var inCrop: Double
        public var inWindow: Double
        public var rejected: Double
        public var inCropAccepted: Double
        public var minimumConfidence: Double
    }

    struct Measurement: Sendable {
        var family: String
        var error: Double
        var inCrop: Bool
        var inWindow: Bool
        var confidence: Double
    }

    public func run(
        _ corpus: BenchmarkCorpus, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    )
        throws(AlignError) -> [Row]
    {
        try evaluate(corpus, progress: progress).rows
    }

    /// The summary rows and the calibration rows of one run over `corpus`.
    public func evaluate(
        _ corpus: BenchmarkCorpus, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws(AlignError) -> (rows: [Row], calibration: [CalibrationRow]) {
        let methods = self.methods
        let (clip, window) = (clipSeconds, windowSeconds)
        let directory = corpus.directory
        typealias Outcome = Result<[AlignmentMethod: [Measurement]], AlignError>
        var results = [[AlignmentMethod: [Measurement]]](repeating: [:], count: corpus.clips.count)
        var failure: AlignError?
        var done = 0
        WorkerPool.run(
            corpus.clips, jobs: jobs,
            work: { (item: BenchmarkClip) -> Outcome in
                Result { () throws(AlignError) -> [AlignmentMethod: [Measurement]] in
                    try Self.measure(item, directory: directory, methods: methods, clip: clip, window: window)
                }
            },
            deliver: { index, outcome in
                done += 1
                progress(done, corpus.clips.count)
                switch outcome {
                case .success(let m): results[index] = m
                case .failure(let error): failure = failure ?? error
                }
            })
        if let failure { throw failure }

        var rows: [Row] = []
        for method in methods {
            let all = results.flatMap { $0[method] ?? [] }
            let threshold = minimumConfidence[method] ?? 0
            for subset in ["all"] + Set(all.map(\.family)).sorted() {
                let chosen = subset == "all" ? all : all.filter { $0.family == subset }
                if chosen.isEmpty { continue }
                let errors = chosen.map { abs($0.error) * 1000 }.sorted()
                let accepted = chosen.filter { $0.confidence >= threshold }
                let n = Double(chosen.count)
                rows.append(
                    Row(
                        method: method, subset: subset, words: chosen.count,
                        medianErrorMs: Self.quantile(errors, 0.5), p90ErrorMs: Self.quantile(errors, 0.9),
                        inCrop: Double(chosen.filter(\.inCrop).count) / n,
                        inWindow: Double(chosen.filter(\.inWindow).count) / n,
                        rejected: Double(chosen.count - accepted.count) / n,
                        inCropAccepted: accepted.isEmpty
                            ? 0 : Double(accepted.filter(\.inCrop).count) / Double(accepted.count),
                        minimumConfidence: threshold))
            }
        }
        return (rows, calibration(results))
    }

    /// The confidence thresholds `calibration` reports.
    public static let calibrationThresholds = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]

    /// One method at one confidence threshold: the share of words kept, and how many of those
    /// lie inside the crop and the window. A calibrated confidence makes `inCrop` rise with the
    /// threshold.
    public struct CalibrationRow: Codable, Sendable {
        public var method: AlignmentMethod
        public var subset: String
        public var threshold: Double
        public var kept: Double
        public var inCrop: Double
        public var inWindow: Double
    }

    /// Every method's `CalibrationRow`s over `calibrationThresholds`, for all words and each family.
    func calibration(_ measured: [[AlignmentMethod: [Measurement]]]) -> [CalibrationRow] {
        var rows: [CalibrationRow] = []
        for method in methods {
            let all = measured.flatMap { $0[method] ?? [] }
            for subset in ["all"] + Set(all.map(\.family)).sorted() {
                let chosen = subset == "all" ? all : all.filter { $0.family == subset }
                if chosen.isEmpty { continue }
                for threshold in Self.calibrationThresholds {
                    let kept = chosen.filter { $0.confidence >= threshold }
                    let n = Double(max(1, kept.count))
                    rows.append(
                        CalibrationRow(
                            method: method, subset: subset, threshold: threshold,
                            kept: Double(kept.count) / Double(chosen.count),
                            inCrop: Double(kept.filter(\.inCrop).count) / n,
                            inWindow: Double(kept.filter(\.inWindow).count) / n))
                }
            }
        }
        return rows
    }

    /// The calibration rows as a Markdown table: one line per method and subset, kept share and
    /// in-crop share of the kept words at each threshold.
    public static func calibrationTable(_ rows: [CalibrationRow]) -> String {
        let thresholds = calibrationThresholds
        var text =
            "| method | subset | "
            + thresholds.map { String(format: "≥ %.1f: kept / in 2 s", $0) }
            .joined(separator: " | ") + " |\n"
        text += "|---|---|" + String(repeating: "---:|", count: thresholds.count) + "\n"
        var groups: [(AlignmentMethod, String)] = []
        for r in rows where !groups.contains(where: { $0 == (r.method, r.subset) }) {
            groups.append((r.method, r.subset))
        }
        for (method, subset) in groups {
            let cells = rows.filter { $0.method == method && $0.subset == subset }.map {
                String(format: "%.1f / %.1f", 100 * $0.kept, 100 * $0.inCrop)
            }
            text += "| \(method.rawValue) | \(subset) | " + cells.joined(separator: " | ") + " |\n"
        }
        return text
    }

    static func measure(
        _ item: BenchmarkClip, directory: String, methods: [AlignmentMethod],
        clip: Double, window: Double
    ) throws(AlignError) -> [AlignmentMethod: [Measurement]] {
        let path = "\(directory)/\(item.path)"
        let audio: DecodedAudio
        do { audio = try AudioLoader(targetRate: AlignmentFeatures.sampleRate).load(path) } catch {
            throw AlignError(.corpus(path: path, reason: "\(error)"), context: path)
        }
        let duration = Double(audio.samples.count) / Double(audio.sampleRate)
        let family = String(item.synthesizer.prefix { $0 != ":" })
        let policy = CropPolicy(shortSource: .pad, longWord: .pad, minimumConfidence: 0)
        var result: [AlignmentMethod: [Measurement]] = [:]
        for method in methods {
            let spans = try WordAligner(method: method).align(
                sentence: item.sentence, audio: audio.samples,
                sampleRate: audio.sampleRate)
            result[method] = spans.compactMap { span -> Measurement? in
                guard span.tokenIndex < item.words.count, let truth = item.words[span.tokenIndex] else { return nil }
                let trueSpan = TimeSpan(start: truth.start, end: truth.end)
                func inside(_ seconds: Double) -> Bool {
                    guard
                        case .success(let crop) = CropPlacement.clip(
                            for: span.time, sourceSeconds: duration,
                            clipSeconds: seconds, policy: policy)
                    else { return false }
                    return crop.start <= trueSpan.start + 1e-9 && trueSpan.end <= crop.end + 1e-9
                }
                return Measurement(
                    family: family, error: span.time.centre - trueSpan.centre,
                    inCrop: inside(clip), inWindow: inside(window), confidence: span.confidence)
            }
        }
        return result
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down)), hi = Int(position.rounded(.up))
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - Double(lo))
    }

    /// The rows as a Markdown table.
    public static func table(_ rows: [Row]) -> String {
        var text =
            "| method | words | subset | median centre error (ms) | p90 (ms) | in 2-s crop | in 1-s window | rejected | in crop (kept) |\n"
        text += "|---|---:|---|---:|---:|---:|---:|---:|---:|\n"
        for r in rows {
            text += String(
                format: "| %@ | %d | %@ | %.0f | %.0f | %.2f %% | %.2f %% | %.2f %% (< %.2f) | %.2f %% |\n",
                r.method.rawValue, r.words, r.subset, r.medianErrorMs, r.p90ErrorMs, 100 * r.inCrop,
                100 * r.inWindow, 100 * r.rejected, r.minimumConfidence, 100 * r.inCropAccepted)
        }
        return text
    }
}
