import SoundFile

/// Audio that could not be read as asked, with the file and the reason in one line.
public struct AudioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why, in a form tests and reject rows can match on.
    public enum Reason: Error, Sendable, Equatable, CustomStringConvertible {
        /// The file does not exist.
        case missing
        /// The file has zero bytes.
        case empty
        /// libsndfile could not open or decode it; its own words.
        case unreadable(String)
        /// The header declares more (or fewer) frames than decoding yields.
        case frameCountMismatch(declared: Int64, decoded: Int64)
        /// The header declares more data bytes than the file holds.
        case truncated(declaredBytes: Int64, actualBytes: Int64)
        /// A header sample rate melshard cannot use (0 Hz, or absurd).
        case unsupportedSampleRate(Int)
        /// More channels than melshard accepts (or none).
        case unsupportedChannelCount(Int)
        /// A chosen channel the file does not have.
        case noSuchChannel(index: Int, channels: Int)
        /// A requested region that starts past the end of the audio.
        case regionOutOfBounds(offset: Double, duration: Double)
        case resampling(String)
        /// A float file holding NaN or an infinity: every feature computed from it would be NaN
        /// (or, under dB scaling, a silent floor). `second` is the first such sample's time.
        case nonFinite(second: Double)

        public var description: String {
            switch self {
            case .missing: "no such file"
            case .empty: "the file is empty (0 bytes)"
            case .unreadable(let why): "cannot decode: \(why)"
            case .frameCountMismatch(let declared, let decoded):
                "the header declares \(declared) frames but \(decoded) decode (truncated or damaged file)"
            case .truncated(let declared, let actual):
                "truncated: the header declares \(declared) bytes of audio but the file holds \(actual)"
            case .unsupportedSampleRate(let rate): "unsupported sample rate \(rate) Hz"
            case .unsupportedChannelCount(let count):
                "unsupported channel count \(count) (melshard reads 1 to \(AudioLoader.maxChannels))"
            case .noSuchChannel(let index, let channels):
                "channel \(index) requested, but the file has \(channels) (0-based)"
            case .regionOutOfBounds(let offset, let duration):
                "offset \(offset) s is past the end of the audio (\(duration) s)"
            case .resampling(let why): why
            case .nonFinite(let second):
                "the sample at \((second * 1000).rounded() / 1000) s is NaN or infinite (damaged float audio)"
            }
        }

        /// A short stable name for reject rows and `status` groupings.
        public var code: String {
            switch self {
            case .missing: "missing-file"
            case .empty: "empty-file"
            case .unreadable: "undecodable-audio"
            case .frameCountMismatch: "frame-count-mismatch"
            case .truncated: "truncated-file"
            case .unsupportedSampleRate: "bad-sample-rate"
            case .unsupportedChannelCount: "bad-channel-count"
            case .noSuchChannel: "no-such-channel"
            case .regionOutOfBounds: "region-out-of-bounds"
            case .resampling: "resampling-failed"
            case .nonFinite: "non-finite-audio"
            }
        }
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
