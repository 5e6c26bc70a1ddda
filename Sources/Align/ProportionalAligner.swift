/// The study's baseline: a word's character span, as a fraction of the sentence's length, maps
/// linearly onto the whole recording, silences included.
///
/// Confidence is always 1: the method has no evidence either way, and the study rejected nothing.
enum ProportionalAligner {
    static func spans(_ tokens: [Token], sentenceLength: Int, duration: Double) -> [TimeSpan] {
        let length = Double(max(1, sentenceLength))
        return tokens.map { token in
            TimeSpan(
                start: Double(token.span.lowerBound) / length * duration,
                end: Double(token.span.upperBound) / length * duration)
        }
    }
}
