import EspeakNG
import PocketSphinx

/// Finds where the words of a sentence sit in its recording: the entry point for the build engine.
///
/// ```swift
/// let aligner = WordAligner(method: .synthesized)
/// let spans = try aligner.align(sentence: "The cat sat.", audio: samples, sampleRate: 48_000,
///                               targets: ["cat"])
/// ```
///
/// A value type with no state between calls; safe to share across threads (espeak-ng calls are
/// serialised inside `EspeakNG.Speaker`).
public struct WordAligner: Sendable {
    /// The confidence below which `synthesized` spans should be rejected; chosen on the benchmark
    /// (docs/align.md) to drop few good clips.
    public static let defaultMinimumConfidence = 0.1

    public var method: AlignmentMethod
    public var vad: EnergyVAD
    /// The voice `synthesized` reads sentences with, and in which process.
    public var voice: ReferenceVoice
    /// The acoustic model `forced` aligns with.
    public var acousticModel: AcousticModel

    public init(
        method: AlignmentMethod, vad: EnergyVAD = EnergyVAD(),
        voice: ReferenceVoice = .inProcess(Speaker(voice: "en-us")), acousticModel: AcousticModel = .englishUS
    ) {
        self.method = method
        self.vad = vad
        self.voice = voice
        self.acousticModel = acousticModel
    }

    /// Spans of the sentence's words in `audio` (mono samples at `sampleRate`).
    ///
    /// - Parameter targets: normalised words to report, one span per occurrence; nil reports every word.
    /// - Returns: spans in sentence order.
    /// - Throws: `AlignError` for a sentence without words, empty audio, or a failed synthesis
    ///   (`forced`: also a model that cannot be loaded; a sentence it cannot align is not an
    ///   error, its words are placed by `synthesized` and say so in `WordSpan.method`).
    public func align(
        sentence: String, audio: [Float], sampleRate: Int,
        targets: Set<String>? = nil
    ) throws(AlignError) -> [WordSpan] {
        try spans(sentence: sentence, sampleCount: audio.count, sampleRate: sampleRate, targets: targets) {
            tokens, duration throws(AlignError) in
            try estimates(tokens, sentence: sentence, audio: audio, sampleRate: sampleRate, duration: duration)
        }
    }

    /// Whether the method looks at the audio's length alone (`proportional`): then
    /// `align(sentence:sampleCount:sampleRate:targets:)` places the words without decoding.
    public var needsOnlyLength: Bool { method == .proportional }

    /// `align` for a method that needs only the audio's length (`needsOnlyLength`): the same
    /// spans as `align` on any audio of `sampleCount` samples.
    public func align(
        sentence: String, sampleCount: Int, sampleRate: Int, targets: Set<String>? = nil
    ) throws(AlignError) -> [WordSpan] {
        precondition(needsOnlyLength, "\(method) looks at the audio, not only its length")
        return try spans(sentence: sentence, sampleCount: sampleCount, sampleRate: sampleRate, targets: targets) {
            tokens, duration in (Self.proportional(tokens, sentence: sentence, duration: duration), nil)
        }
    }

    /// The checks and the result both forms of `align` share; `estimate` places every token and
    /// may say which method placed each (nil: this aligner's).
    private func spans(
        sentence: String, sampleCount: Int, sampleRate: Int, targets: Set<String>?,
        estimate: ([Token], Double) throws(AlignError) -> ([(TimeSpan, Double)], [AlignmentMethod]?)
    ) throws(AlignError) -> [WordSpan] {
        let tokens = Tokenizer.tokenize(sentence)
        guard !tokens.isEmpty else { throw AlignError(.noWords, context: sentence) }
        guard sampleCount > 0, sampleRate > 0 else { throw AlignError(.emptyAudio, context: sentence) }
        let wanted = tokens.indices.filter { targets?.contains(tokens[$0].text) ?? true }
        if wanted.isEmpty { return [] }
        let (estimates, methods) = try estimate(tokens, Double(sampleCount) / Double(sampleRate))
        let placedBy = methods ?? [AlignmentMethod](repeating: method, count: tokens.count)
        return wanted.map { i in
            WordSpan(
                word: tokens[i].text, tokenIndex: i, characters: tokens[i].span, time: estimates[i].0,
                confidence: estimates[i].1, method: placedBy[i])
        }
    }

    /// The study's rule, confidence 1: it has no evidence either way.
    private static func proportional(_ tokens: [Token], sentence: String, duration: Double) -> [(TimeSpan, Double)] {
        ProportionalAligner.spans(tokens, sentenceLength: sentence.count, duration: duration).map { ($0, 1) }
    }

    /// Every token's span and confidence, and which method placed each when it is not this one.
    private func estimates(
        _ tokens: [Token], sentence: String, audio: [Float], sampleRate: Int, duration: Double
    ) throws(AlignError) -> ([(TimeSpan, Double)], [AlignmentMethod]?) {
        let estimates: [(TimeSpan, Double)]
        var placedBy: [AlignmentMethod]? = nil
        switch method {
        case .proportional:
            estimates = Self.proportional(tokens, sentence: sentence, duration: duration)
        case .trimmed:
            let speech = vad.speechSpan(audio, sampleRate: sampleRate) ?? TimeSpan(start: 0, end: duration)
            let confidence = TrimmedAligner.confidence(tokens, speech: speech)
            estimates = TrimmedAligner.spans(tokens, speech: speech).map { ($0, confidence) }
        case .synthesized:
            let resampled = try AlignmentFeatures.resampled(audio, from: sampleRate)
            let speech = vad.speechSpan(resampled, sampleRate: AlignmentFeatures.sampleRate)
            estimates = try SynthesizedAligner(voice: voice).align(
                tokens: tokens, sentence: sentence,
                audio: resampled, speech: speech)
        case .forced:
            let resampled = try AlignmentFeatures.resampled(audio, from: sampleRate, to: acousticModel.sampleRate)
            let synthesized = try SynthesizedAligner(voice: voice).align(
                tokens: tokens, sentence: sentence,
                audio: AlignmentFeatures.sampleRate == acousticModel.sampleRate
                    ? resampled : try AlignmentFeatures.resampled(audio, from: sampleRate),
                speech: vad.speechSpan(resampled, sampleRate: acousticModel.sampleRate))
            let forced = try ForcedAligner(model: acousticModel, speaker: voice.speaker).align(
                tokens: tokens, audio: resampled)
            if let forced {
                let spans = forced.words.map {
                    TimeSpan(start: $0.start, end: min(duration, max($0.end, $0.start + 0.01)))
                }
                let confidences = MethodAgreement.sentenceConfidences(forced: spans, synthesized: synthesized.map(\.0))
                estimates = Array(zip(spans, confidences))
            } else {
                estimates = synthesized
                placedBy = [AlignmentMethod](repeating: .synthesized, count: tokens.count)
            }
        }
        return (estimates, placedBy)
    }
}
