import Crypto

/// TensorFlow's `which_set` (tensorflow/examples/speech_commands/input_data.py), the rule the
/// shipped `validation_list.txt` and `testing_list.txt` were made with. Only the speaker hash
/// before `_nohash_` is hashed, so every clip of a speaker, under every word, lands in the
/// same set.
public enum SpeechCommandsHashSplit {
    /// `MAX_NUM_WAVS_PER_CLASS` in input_data.py.
    static let maxWavsPerClass: UInt64 = (1 << 27) - 1

    /// What `which_set` hashes: the file name with the regex `_nohash_.*$` removed.
    public static func hashName(_ fileName: String) -> String {
        guard let marker = fileName.range(of: "_nohash_") else { return fileName }
        return String(fileName[..<marker.lowerBound])
    }

    /// The file's place in [0, 100]: the SHA-1 of its hash name read as one big integer, taken
    /// modulo 2^27 and scaled by 100 / (2^27 − 1). Dividing by MAX rather than MAX + 1 is
    /// TensorFlow's and is kept, so a percentage can reach exactly 100.
    public static func percentage(_ fileName: String) -> Double {
        let digest = Array(Insecure.SHA1.hash(data: Array(hashName(fileName).utf8)))
        // A big integer modulo 2^27 is its low 27 bits, which sit in the digest's last 4 bytes.
        let low = digest.suffix(4).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let remainder = low & maxWavsPerClass
        return Double(remainder) * (100.0 / Double(maxWavsPerClass))
    }

    /// `train`, `validation` or `test`, with the same comparisons as `which_set`.
    public static func split(_ fileName: String, validationPercent: Double, testingPercent: Double) -> String {
        let p = percentage(fileName)
        if p < validationPercent { return "validation" }
        if p < testingPercent + validationPercent { return "test" }
        return "train"
    }
}
