/// `kind = "speech-commands"`: v0.01, v0.02 or `mini_speech_commands`.
public struct SpeechCommandsOptions: Sendable, Equatable, Encodable {
    public enum SplitRule: String, Sendable, Equatable, Encodable, CaseIterable {
        /// `validation_list.txt` and `testing_list.txt` when present, else the hash rule.
        case auto
        /// The shipped lists; a build without them is refused.
        case lists
        /// TensorFlow's `which_set` SHA-1 rule on the speaker hash.
        case hash
    }

    public var splitRule: SplitRule
    /// Percentages for the hash rule (train.py's defaults).
    public var validationPercent: Double
    public var testingPercent: Double
    /// `_background_noise_` recordings are never word clips; `true` adds them as sources
    /// labelled `_background_noise_` with no official split.
    public var includeBackground: Bool

    public init(
        splitRule: SplitRule = .auto, validationPercent: Double = 10, testingPercent: Double = 10,
        includeBackground: Bool = false
    ) {
        self.splitRule = splitRule
        self.validationPercent = validationPercent
        self.testingPercent = testingPercent
        self.includeBackground = includeBackground
    }

    init(reading r: inout TableReader) {
        self.init()
        splitRule = r.choice("split_rule", SplitRule.self) ?? splitRule
        let percent: (Double) -> Bool = { $0 >= 0 && $0 <= 100 }
        validationPercent =
            r.number("validation_percent", where: percent, allowed: "a percentage 0…100") ?? validationPercent
        testingPercent = r.number("testing_percent", where: percent, allowed: "a percentage 0…100") ?? testingPercent
        if validationPercent + testingPercent > 100 {
            r.problem("testing_percent", "validation_percent + testing_percent exceeds 100")
        }
        includeBackground = r.boolean("include_background") ?? includeBackground
    }

    enum CodingKeys: String, CodingKey {
        case splitRule = "split_rule", validationPercent = "validation_percent", testingPercent = "testing_percent"
        case includeBackground = "include_background"
    }
}
