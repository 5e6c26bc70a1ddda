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
        let tokens = Tokenizer.tokenize(sentence)
        guard !tokens.isEmpty else { throw AlignError(.noWords, context: sentence) }
        guard !audio.isEmpty, sampleRate > 0 else { throw AlignError(.emptyAudio, context: sentence) }
        let wanted = tokens.indices.filter { targets?.contains(tokens[$0].text) ?? true }
        if wanted.isEmpty { return [] }
        let duration = Double(audio.count) / Double(sampleRate)

        let estimates: [(TimeSpan, Double)]
        var placedBy = [AlignmentMethod](repeating: method, count: tokens.count)
        switch method {
        case .proportional:
            estimates = ProportionalAligner.spans(tokens, sentenceLength: sentence.count, duration: duration).map {
                ($0, 1)
            }
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
        return wanted.map { i in
            WordSpan(
                word: tokens[i].text, tokenIndex: i, characters: tokens[i].span, time: estimates[i].0,
                confidence: estimates[i].1, method: placedBy[i])
        }
    }
}
