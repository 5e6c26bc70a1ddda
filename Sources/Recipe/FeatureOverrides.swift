import FeatureSettings

/// Applies `[features]` keys other than `preset` to the preset's parameters. The keys are
/// `FeatureParameters`' own snake_case names, the ones a shard's metadata and the card use;
/// only the values of `resize` ("HxW" here, an object there) and `top_db = "none"` (an absent
/// key there) are spelled differently. The cochleagram's keys are a table of their own,
/// `[features.cochleagram]`, as they nest in the metadata.
enum FeatureOverrides {
    static func apply(_ reader: inout TableReader, to p: inout FeatureParameters) {
        let positive: (Double) -> Bool = { $0 > 0 && $0.isFinite }
        if let v = reader.integer("sample_rate", in: 1...768_000) { p.sampleRate = v }
        if let v = reader.integer("n_fft", in: 2...(1 << 20)) { p.nFFT = v }
        if let v = reader.integer("hop_length", in: 1...(1 << 20)) { p.hop = v }
        if let v = reader.integer("win_length", in: 1...(1 << 20)) { p.winLength = v }
        if let v = reader.choice("window", WindowKind.self) { p.window = v }
        if let v = reader.boolean("center") { p.center = v }
        if let v = reader.choice("pad_mode", PadMode.self) { p.padMode = v }
        if let v = reader.number("power", where: positive, allowed: "a positive number (1 magnitude, 2 power)") {
            p.power = v
        }
        if let v = reader.integer("n_mels", in: 1...4096) { p.nMels = v }
        if let v = reader.number("fmin", where: { $0 >= 0 }, allowed: "a frequency in Hz ≥ 0") { p.fmin = v }
        if let v = reader.number("fmax", where: positive, allowed: "a frequency in Hz > 0") { p.fmax = v }
        if let v = reader.choice("mel_scale", MelScale.self) { p.melScale = v }
        if let v = reader.choice("mel_norm", MelNorm.self) { p.melNorm = v }
        if let v = reader.choice("scale", ScaleKind.self) { p.scale = v }
        if reader.table["db_ref"] == .string("max") {
            _ = reader.string("db_ref")
            p.dbRef = .max
        } else if let v = reader.number("db_ref", where: positive, allowed: "a positive number or \"max\"") {
            p.dbRef = .value(v)
        }
        if let v = reader.number("db_amin", where: positive, allowed: "a positive number") { p.dbAmin = v }
        if reader.table["top_db"] == .string("none") {
            _ = reader.string("top_db")
            p.topDB = nil
        } else if let v = reader.number(
            "top_db", where: { $0 >= 0 && $0.isFinite }, allowed: "a number of dB ≥ 0, or \"none\"")
        {
            p.topDB = v
        }
        if let v = reader.number("log_multiplier", where: positive, allowed: "a positive number") {
            p.logMultiplier = v
        }
        if let v = reader.number("log_offset", where: positive, allowed: "a positive number") { p.logOffset = v }
        if let text = reader.string("resize") {
            if text == "none" {
                p.resize = nil
            } else if let size = ImageSize(text) {
                p.resize = size
            } else {
                reader.problem(
                    "resize", "'\(text)' is not allowed; expected \"HEIGHTxWIDTH\" such as \"128x128\", or \"none\"")
            }
        }
        if let v = reader.choice("resampler", ResamplerKind.self) { p.resampler = v }
        if case .integer? = reader.table["channel"] {
            if let v = reader.integer("channel", in: 0...7) { p.channel = .index(v) }
        } else if let text = reader.string("channel") {
            if text == "mean" {
                p.channel = .mean
            } else {
                reader.problem("channel", "'\(text)' is not allowed; expected \"mean\" or a 0-based channel index")
            }
        }
        if let table = reader.table("cochleagram") {
            if var c = p.cochleagram {
                var sub = TableReader(table, prefix: reader.fullKey("cochleagram"))
                applyCochleagram(&sub, to: &c)
                p.cochleagram = c
                reader.problems += sub.finish()
            } else {
                reader.problem("cochleagram", "is read only with preset = \"cochleagram\"")
            }
        }
    }

    /// `[features.cochleagram]`: each key overrides one of the cochleagram preset's parameters.
    private static func applyCochleagram(_ reader: inout TableReader, to c: inout CochleagramParameters) {
        typealias Key = CochleagramParameters.CodingKeys
        let positive: (Double) -> Bool = { $0 > 0 && $0.isFinite }
        if let v = reader.integer(Key.n.rawValue, in: 1...1000) { c.n = v }
        if let v = reader.number(Key.lowLimit.rawValue, where: positive, allowed: "a frequency in Hz > 0") {
            c.lowLimit = v
        }
        if let v = reader.number(Key.highLimit.rawValue, where: positive, allowed: "a frequency in Hz > 0") {
            c.highLimit = v
        }
        if let v = reader.integer(Key.sampleFactor.rawValue, in: 1...16) { c.sampleFactor = v }
        if let v = reader.integer(Key.envelopeRate.rawValue, in: 1...768_000) { c.envelopeRate = v }
        if let v = reader.integer(Key.windowSize.rawValue, in: 2...(1 << 20)) { c.windowSize = v }
        if let v = reader.number(
            Key.kaiserBeta.rawValue, where: { $0 >= 0 && $0 <= 100 }, allowed: "a number 0…100")
        {
            c.kaiserBeta = v
        }
        if let v = reader.number(Key.power.rawValue, where: positive, allowed: "a positive number") { c.power = v }
        if let v = reader.number(Key.offset.rawValue, where: { $0 >= 0 && $0.isFinite }, allowed: "a number ≥ 0") {
            c.offset = v
        }
    }
}
