import Foundation

/// Where a pocketsphinx acoustic model and its pronouncing dictionary live.
public struct AcousticModel: Sendable, Hashable {
    /// The model folder (`mdef`, `means`, `feat.params`, …).
    public var directory: String
    /// The pronouncing dictionary: one word per line, then its phones.
    public var dictionary: String
    /// The rate the model was trained at; audio must be resampled to it.
    public var sampleRate: Int

    public init(directory: String, dictionary: String, sampleRate: Int = 16_000) {
        self.directory = directory
        self.dictionary = dictionary
        self.sampleRate = sampleRate
    }

    /// Debian's `pocketsphinx-en-us`: the US English PTM model (16 kHz) and the 134,723-word
    /// CMU dictionary, whose phones are ARPAbet without stress marks.
    public static let englishUS = AcousticModel(
        directory: "/usr/share/pocketsphinx/model/en-us/en-us",
        dictionary: "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict")

    /// The 39 phones of `englishUS` (`pocketsphinx_mdef_convert -text`), besides silence and the
    /// fillers: what an added word's pronunciation may use.
    public static let englishPhones: Set<String> = [
        "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY",
        "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y",
        "Z", "ZH",
    ]

    /// Nil when the model's folder or dictionary is missing, else the message to show.
    public var missingFiles: String? {
        let manager = FileManager.default
        for path in [directory + "/mdef", dictionary] where !manager.fileExists(atPath: path) {
            return "\(path) is missing (install pocketsphinx-en-us)"
        }
        return nil
    }
}
