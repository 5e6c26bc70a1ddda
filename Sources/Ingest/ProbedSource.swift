import AudioDSP
import MelshardCore
import SoundFile

/// A source whose header has been read and whose bytes have been hashed.
public struct ProbedSource: Sendable, Hashable, Codable {
    public var sampleRate: Int
    public var channels: Int
    public var frames: Int64
    /// `container/encoding`, e.g. `wav/pcm_16`.
    public var format: String
    /// SHA-256 of the file's bytes: what the shards' content keys depend on, so a touched but
    /// unchanged file rebuilds nothing, and identical audio under two names is detected.
    public var contentHash: String

    public init(sampleRate: Int, channels: Int, frames: Int64, format: String, contentHash: String) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.frames = frames
        self.format = format
        self.contentHash = contentHash
    }

    enum CodingKeys: String, CodingKey {
        case sampleRate = "sample_rate", channels, frames, format, contentHash = "content_hash"
    }

    /// Reads the header (never the audio) and hashes the bytes, or says why the file is unusable.
    public static func probe(_ candidate: SourceCandidate, loader: AudioLoader) -> Result<ProbedSource, Reject> {
        func reject(_ code: String, _ reason: String) -> Result<ProbedSource, Reject> {
            .failure(Reject(corpus: candidate.corpus, path: candidate.path, stage: .ingest, code: code, reason: reason))
        }
        let info: AudioInfo
        do { info = try loader.probe(candidate.absolutePath) } catch {
            return reject(error.reason.code, error.reason.description)
        }
        if info.frames <= 0 { return reject("no-audio", "the header declares no audio frames") }
        let hash: String
        do { hash = try SHA256Digest.hex(ofFile: candidate.absolutePath) } catch {
            return reject("unreadable-file", error.description)
        }
        let format = "\(info.container?.rawValue ?? "unknown")/\(info.encoding?.rawValue ?? "unknown")"
        return .success(
            ProbedSource(
                sampleRate: info.sampleRate, channels: info.channels, frames: info.frames, format: format,
                contentHash: hash))
    }
}
