import CSndFile

/// The container of an audio file, as libsndfile names its major formats.
public enum AudioContainer: String, Sendable, CaseIterable, Codable {
    case wav, flac, ogg, mp3, au, aiff

    /// The corresponding libsndfile constant is `SF_FORMAT_WAV`, `SF_FORMAT_FLAC`, ...
    var majorFormat: Int32 {
        switch self {
        case .wav: Int32(SF_FORMAT_WAV)
        case .flac: Int32(SF_FORMAT_FLAC)
        case .ogg: Int32(SF_FORMAT_OGG)
        case .mp3: Int32(SF_FORMAT_MPEG)
        case .au: Int32(SF_FORMAT_AU)
        case .aiff: Int32(SF_FORMAT_AIFF)
        }
    }

    init?(majorFormat: Int32) {
        // WAVE_FORMAT_EXTENSIBLE and RF64 are WAV files to a user; libsndfile reports them apart.
        if majorFormat == Int32(SF_FORMAT_WAVEX) || majorFormat == Int32(SF_FORMAT_RF64) { self = .wav; return }
        guard let match = Self.allCases.first(where: { $0.majorFormat == majorFormat }) else { return nil }
        self = match
    }
}

/// How samples are encoded inside the container.
public enum SampleEncoding: String, Sendable, CaseIterable, Codable {
    case pcmU8 = "pcm_u8", pcmS8 = "pcm_s8", pcm16 = "pcm_16", pcm24 = "pcm_24", pcm32 = "pcm_32"
    case float32 = "float", float64 = "double"
    case vorbis, opus, mp3 = "mpeg_layer_iii"

    var subtype: Int32 {
        switch self {
        case .pcmU8: Int32(SF_FORMAT_PCM_U8)
        case .pcmS8: Int32(SF_FORMAT_PCM_S8)
        case .pcm16: Int32(SF_FORMAT_PCM_16)
        case .pcm24: Int32(SF_FORMAT_PCM_24)
        case .pcm32: Int32(SF_FORMAT_PCM_32)
        case .float32: Int32(SF_FORMAT_FLOAT)
        case .float64: Int32(SF_FORMAT_DOUBLE)
        case .vorbis: Int32(SF_FORMAT_VORBIS)
        case .opus: Int32(SF_FORMAT_OPUS)
        case .mp3: Int32(SF_FORMAT_MPEG_LAYER_III)
        }
    }

    init?(subtype: Int32) {
        guard let match = Self.allCases.first(where: { $0.subtype == subtype }) else { return nil }
        self = match
    }
}

/// A container and an encoding, as given to `SoundFile.write`.
public struct AudioFormat: Sendable, Hashable, Codable, CustomStringConvertible {
    public var container: AudioContainer
    public var encoding: SampleEncoding

    public init(_ container: AudioContainer, _ encoding: SampleEncoding) {
        self.container = container
        self.encoding = encoding
    }

    public static let wav16 = AudioFormat(.wav, .pcm16)
    public static let wavFloat = AudioFormat(.wav, .float32)
    public static let flac16 = AudioFormat(.flac, .pcm16)
    public static let vorbis = AudioFormat(.ogg, .vorbis)
    public static let opus = AudioFormat(.ogg, .opus)
    public static let mp3 = AudioFormat(.mp3, .mp3)
    public static let au16 = AudioFormat(.au, .pcm16)
    public static let aiff16 = AudioFormat(.aiff, .pcm16)

    var sfFormat: Int32 { container.majorFormat | encoding.subtype }

    public var description: String { "\(container.rawValue)/\(encoding.rawValue)" }
}

/// What a file's header says, read without decoding any audio.
public struct AudioInfo: Sendable, Hashable, Codable {
    public var sampleRate: Int
    public var channels: Int
    /// The frame count the header declares. For compressed formats it is libsndfile's estimate,
    /// which decoding may contradict (a truncated file); callers that need the truth count frames.
    public var frames: Int64
    /// Nil when libsndfile reports a container or encoding this type has no name for.
    public var container: AudioContainer?
    public var encoding: SampleEncoding?
    public var seekable: Bool

    public var duration: Double { sampleRate > 0 ? Double(frames) / Double(sampleRate) : 0 }
}
