/// The named choices inside `FeatureParameters`. Raw values are the names used in recipes,
/// on the command line and in shard metadata, and follow librosa's spelling where it has one.

/// The analysis window, periodic as `scipy.signal.get_window(name, N, fftbins=True)`.
public enum WindowKind: String, Codable, Sendable, CaseIterable {
    case hann, hamming, blackmanharris, rectangular
}

/// How the signal is extended by `n_fft / 2` on each side when frames are centred.
/// `constant` pads zeros (librosa ≥ 0.10's default); `reflect` mirrors (librosa < 0.10, torchaudio).
public enum PadMode: String, Codable, Sendable, CaseIterable {
    case constant, reflect
}

/// The mel scale: Slaney's Auditory Toolbox scale (librosa's default) or HTK's `2595·log10(1 + f/700)`.
public enum MelScale: String, Codable, Sendable, CaseIterable {
    case slaney, htk
}

/// Filter normalisation: `slaney` gives every triangle unit area in Hz (librosa's default);
/// `none` leaves peaks at 1 (torchaudio's default).
public enum MelNorm: String, Codable, Sendable, CaseIterable {
    case slaney, none
}

/// The compression applied to mel power.
/// - `db`: `librosa.power_to_db` with `db_ref`, `db_amin`, `top_db`.
/// - `log1p`: `log(1 + C·x)` with C = `log_multiplier` (Pons et al.).
/// - `log`: `log(x + log_offset)`.
/// - `none`: mel power as is.
public enum ScaleKind: String, Codable, Sendable, CaseIterable {
    case db, log1p, log, none
}

/// The resampler, named as librosa's `res_type`. `soxr_hq` is librosa's default.
public enum ResamplerKind: String, Codable, Sendable, CaseIterable {
    case soxrVHQ = "soxr_vhq", soxrHQ = "soxr_hq", soxrMQ = "soxr_mq", soxrLQ = "soxr_lq", soxrQQ = "soxr_qq"
    case sincBest = "sinc_best", sincMedium = "sinc_medium", sincFastest = "sinc_fastest"
    case zeroOrderHold = "zero_order_hold", linear
}

/// How channels become one: their mean (librosa's `mono=True`) or one chosen channel (0-based).
public enum ChannelSelection: Codable, Sendable, Hashable, CustomStringConvertible {
    case mean
    case index(Int)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let index = try? container.decode(Int.self) { self = .index(index); return }
        let text = try container.decode(String.self)
        guard let parsed = ChannelSelection(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected \"mean\" or a channel index")
        }
        self = parsed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .mean: try container.encode("mean")
        case .index(let index): try container.encode(index)
        }
    }

    /// Parses `mean` or a 0-based channel index.
    public init?(_ text: String) {
        if text == "mean" {
            self = .mean
        } else if let index = Int(text), index >= 0 {
            self = .index(index)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .mean: "mean"
        case .index(let index): String(index)
        }
    }
}

/// The dB reference: a fixed power (librosa's default, 1.0) or the spectrogram's own maximum
/// (`ref=np.max`).
public enum DBReference: Codable, Sendable, Hashable, CustomStringConvertible {
    case value(Double)
    case max

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Double.self) { self = .value(value); return }
        guard try container.decode(String.self) == "max" else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a number or \"max\"")
        }
        self = .max
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .value(let value): try container.encode(value)
        case .max: try container.encode("max")
        }
    }

    /// Parses `max` or a positive number.
    public init?(_ text: String) {
        if text == "max" { self = .max } else if let value = Double(text) { self = .value(value) } else { return nil }
    }

    public var description: String {
        switch self {
        case .value(let value): "\(value)"
        case .max: "max"
        }
    }
}

/// An output image size, height (bands) × width (frames).
public struct ImageSize: Codable, Sendable, Hashable, CustomStringConvertible {
    public var height: Int
    public var width: Int

    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    /// Parses `HxW`, e.g. `128x128`.
    public init?(_ text: String) {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let h = Int(parts[0]), let w = Int(parts[1]) else { return nil }
        self.init(height: h, width: w)
    }

    public var description: String { "\(height)x\(width)" }
}
