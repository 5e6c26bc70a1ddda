/// Why an alignment could not be made, with enough context to find the input.
public struct AlignError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The sentence has no words after normalisation.
        case noWords
        /// The audio holds no samples, or its sample rate is not positive.
        case emptyAudio
        /// A requested target is not a word of the sentence.
        case targetNotInSentence(String)
        /// The reference synthesis failed (`synthesized` only).
        case synthesis(String)
        /// Feature extraction or resampling failed.
        case signal(String)
        /// A word-list or stop-word file could not be read.
        case unreadableList(path: String, reason: String)
        /// A benchmark corpus file is missing or malformed.
        case corpus(path: String, reason: String)
    }

    public var reason: Reason
    /// The sentence or file concerned, for the message.
    public var context: String

    public init(_ reason: Reason, context: String) {
        self.reason = reason
        self.context = context
    }

    public var description: String {
        switch reason {
        case .noWords: "\(context): the sentence has no words"
        case .emptyAudio: "\(context): the audio is empty"
        case .targetNotInSentence(let word): "\(context): \"\(word)\" is not a word of the sentence"
        case .synthesis(let message): "\(context): reference synthesis failed: \(message)"
        case .signal(let message): "\(context): \(message)"
        case .unreadableList(let path, let message): "\(path): cannot read the word list: \(message)"
        case .corpus(let path, let message): "\(path): \(message)"
        }
    }
}
