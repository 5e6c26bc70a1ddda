/// The plan reasons of word clips, written by the planner and read back by the reports: the
/// occurrence's centred clip is `word`, its extra clips under `word_jitter` are
/// `word, jitter k of n` (k = 1…n). So an occurrence's clip count is exact from its clips
/// alone: `n + 1`, and every occurrence has exactly one `word` clip.
public enum WordClipReason {
    public static let centred = "word"

    public static func jitter(_ k: Int, of n: Int) -> String { "word, jitter \(k) of \(n)" }

    /// For a word clip's reason: whether it is the centred clip, and how many clips its
    /// occurrence gives. nil for any other reason.
    public static func parse(_ reason: String) -> (centred: Bool, occurrenceClips: Int)? {
        if reason == centred { return (true, 1) }
        let prefix = "word, jitter "
        guard reason.hasPrefix(prefix) else { return nil }
        let parts = reason.dropFirst(prefix.count).split(separator: " ")
        guard parts.count == 3, parts[1] == "of", Int(parts[0]) != nil, let n = Int(parts[2]) else { return nil }
        return (false, n + 1)
    }
}
