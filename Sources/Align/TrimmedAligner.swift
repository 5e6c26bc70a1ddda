/// Speech span from the energy VAD, shared among words by estimated syllables.
///
/// Each word gets a share proportional to `Syllables.estimate`; a word followed by punctuation
/// also gets `pauseWeight` syllables of silence after it, since speakers pause at commas and
/// full stops.
enum TrimmedAligner {
    static let pauseWeight = 0.7

    static func spans(_ tokens: [Token], speech: TimeSpan) -> [TimeSpan] {
        let weights = tokens.map { max(0.5, Syllables.estimate($0.text)) }
        let pauses = tokens.enumerated().map { i, t in t.followedByPause && i + 1 < tokens.count ? pauseWeight : 0 }
        let total = zip(weights, pauses).reduce(0) { $0 + $1.0 + $1.1 }
        let unit = speech.duration / max(total, 1e-9)
        var cursor = speech.start
        var result: [TimeSpan] = []
        for (w, p) in zip(weights, pauses) {
            result.append(TimeSpan(start: cursor, end: cursor + w * unit))
            cursor += (w + p) * unit
        }
        return result
    }

    /// Confidence from the speaking rate the span implies: ordinary read speech runs at about
    /// 2.5–7 syllables a second; far outside that, the VAD probably cut a word off or took in noise.
    static func confidence(_ tokens: [Token], speech: TimeSpan) -> Double {
        let syllables = tokens.reduce(0) { $0 + max(0.5, Syllables.estimate($1.text)) }
        let rate = syllables / max(speech.duration, 1e-3)
        if rate < 2.5 { return max(0, rate / 2.5) }
        if rate > 7 { return max(0, 7 / rate) }
        return 1
    }
}
