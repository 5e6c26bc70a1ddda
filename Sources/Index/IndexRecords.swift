import MelshardCore

/// Rows of the index as the build writes and reads them. Field names follow the columns.

public struct CorpusRow: Sendable, Hashable {
    public var name: String, kind: String, root: String
    public init(name: String, kind: String, root: String) { (self.name, self.kind, self.root) = (name, kind, root) }
}

public struct SourceRow: Sendable, Hashable {
    public var id: Int64
    public var corpus: String
    public var path: String
    public var size: Int64
    public var mtimeNanoseconds: Int64
    public var contentHash: String
    public var format: String
    public var sampleRate: Int
    public var channels: Int
    public var frames: Int64
    public var group: String
    public var officialSplit: String?
    /// Label ids.
    public var labels: [Int]
    /// The manifest row that named the source, when one did: `path:line`.
    public var manifest: String?
    public var manifestLine: Int?
    public var attributes: SourceAttributes = [:]

    public init(
        id: Int64, corpus: String, path: String, size: Int64, mtimeNanoseconds: Int64, contentHash: String,
        format: String,
        sampleRate: Int, channels: Int, frames: Int64, group: String, officialSplit: String?, labels: [Int],
        manifest: String? = nil, manifestLine: Int? = nil, attributes: SourceAttributes = [:]
    ) {
        self.manifest = manifest
        self.manifestLine = manifestLine
        self.attributes = attributes
        self.id = id
        self.corpus = corpus
        self.path = path
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
        self.contentHash = contentHash
        self.format = format
        self.sampleRate = sampleRate
        self.channels = channels
        self.frames = frames
        self.group = group
        self.officialSplit = officialSplit
        self.labels = labels
    }
}

public struct ClipRow: Sendable, Hashable {
    public var id: Int64
    public var sourceID: Int64
    public var startSample: Int
    public var lengthSamples: Int
    public var startSeconds: Double
    public var durationSeconds: Double
    public var split: String
    public var fold: Int?
    public var reason: String
    public var shard: String
    public var labels: [Int]
    /// A stem mixture's sources, in mixing order (`clip_sources`); empty for a clip of one source.
    public var mixture: [Int64]

    public init(
        id: Int64, sourceID: Int64, startSample: Int, lengthSamples: Int, startSeconds: Double, durationSeconds: Double,
        split: String, fold: Int?, reason: String, shard: String, labels: [Int], mixture: [Int64] = []
    ) {
        self.mixture = mixture
        self.id = id
        self.sourceID = sourceID
        self.startSample = startSample
        self.lengthSamples = lengthSamples
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
        self.split = split
        self.fold = fold
        self.reason = reason
        self.shard = shard
        self.labels = labels
    }
}

/// Where Align found a target word in a sentence recording.
public struct WordSpanRow: Sendable, Hashable {
    public var sourceID: Int64, word: String, startSeconds: Double, endSeconds: Double, score: Double?
    /// The alignment method that placed the word (`synthesized`, `forced`, …).
    public var method: String?
    public init(
        sourceID: Int64, word: String, startSeconds: Double, endSeconds: Double, score: Double?, method: String? = nil
    ) {
        (self.sourceID, self.word, self.startSeconds, self.endSeconds, self.score, self.method) = (
            sourceID, word, startSeconds, endSeconds, score, method
        )
    }
}

public struct RejectRow: Sendable, Hashable {
    public var corpus: String?, path: String, line: Int?, stage: String, code: String, reason: String
    /// The input was used anyway; the row is a warning (see `Reject.kept`).
    public var kept: Bool
    public init(
        corpus: String?, path: String, line: Int?, stage: String, code: String, reason: String, kept: Bool = false
    ) {
        (self.corpus, self.path, self.line, self.stage, self.code, self.reason, self.kept) = (
            corpus, path, line, stage, code, reason, kept
        )
    }
}

/// A shard as committed: the file's identity and what it holds.
public struct ShardRow: Sendable, Hashable {
    public var name: String
    public var split: String
    public var clipCount: Int
    public var byteSize: Int64
    public var sha256: String
    public var contentKey: String
    public var mtimeNanoseconds: Int64
    public var featuresDType: String
    /// e.g. `[1024,96,128]`.
    public var featuresShape: String

    public init(
        name: String, split: String, clipCount: Int, byteSize: Int64, sha256: String, contentKey: String,
        mtimeNanoseconds: Int64, featuresDType: String, featuresShape: String
    ) {
        self.name = name
        self.split = split
        self.clipCount = clipCount
        self.byteSize = byteSize
        self.sha256 = sha256
        self.contentKey = contentKey
        self.mtimeNanoseconds = mtimeNanoseconds
        self.featuresDType = featuresDType
        self.featuresShape = featuresShape
    }
}

/// Per-band sums over one shard's stored features, from which normalisation is aggregated
/// without reading any shard again.
public struct BandSums: Sendable, Hashable {
    public var count: Int64
    public var sum: Double
    public var sumSquares: Double
    public init(count: Int64 = 0, sum: Double = 0, sumSquares: Double = 0) {
        (self.count, self.sum, self.sumSquares) = (count, sum, sumSquares)
    }

    /// Accumulates in the order sums are added, which the stored statistics' bits depend on.
    public static func += (a: inout BandSums, b: BandSums) {
        a.count += b.count
        a.sum += b.sum
        a.sumSquares += b.sumSquares
    }

    public static func + (a: BandSums, b: BandSums) -> BandSums {
        var c = a
        c += b
        return c
    }
}

/// The cached outcome of one unit of work.
public struct UnitRow: Sendable, Hashable {
    public var stage: String, name: String, contentKey: String, detail: String
    public init(stage: String, name: String, contentKey: String, detail: String) {
        (self.stage, self.name, self.contentKey, self.detail) = (stage, name, contentKey, detail)
    }
}

/// Mean and standard deviation (population) over a split; band −1 is all bands together.
public struct NormalisationRow: Sendable, Hashable {
    public var split: String, band: Int, count: Int64, mean: Double, std: Double
    public init(split: String, band: Int, count: Int64, mean: Double, std: Double) {
        (self.split, self.band, self.count, self.mean, self.std) = (split, band, count, mean, std)
    }
}

/// What a finished whole build read and reported (docs/build.md, "No-op builds"): the key over
/// its inputs and its report's summary as JSON, which `Index` stores without reading.
public struct BuildInputsRow: Sendable, Hashable {
    public var sha256: String, summary: String
    public init(sha256: String, summary: String) { (self.sha256, self.summary) = (sha256, summary) }
}
