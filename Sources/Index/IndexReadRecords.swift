/// Values the index's reads return (`Index+Reads.swift`) that are not rows of one table: a join's
/// result, or a clip's place in a shard. Rows of one table are in `IndexRecords.swift`.

/// One planned clip under one of its classes: a clip with two classes gives two of these.
public struct PlannedClipLabel: Sendable, Hashable {
    /// The class name.
    public var label: String
    public var split: String
    /// The clip's fold, in a k-fold build.
    public var fold: Int?
    public var sourceID: Int64
    /// Why the plan holds the clip (`crop 2 of 5`, `word, jitter 1 of 3`, ...).
    public var reason: String

    public init(label: String, split: String, fold: Int?, sourceID: Int64, reason: String = "") {
        (self.label, self.split, self.fold, self.sourceID, self.reason) = (label, split, fold, sourceID, reason)
    }
}

/// Where a written clip's features are: a row of a shard (`shard_rows`).
public struct ShardPosition: Sendable, Hashable {
    /// The shard's name; its file is `shards/<shard>.safetensors`.
    public var shard: String
    /// The clip's row in the shard's tensors, from 0.
    public var row: Int

    public init(shard: String, row: Int) { (self.shard, self.row) = (shard, row) }
}

/// What the index says about one planned clip: its split, where it was cut from, and its classes.
public struct ClipDescription: Sendable, Hashable {
    public var split: String
    public var startSeconds: Double
    public var durationSeconds: Double
    /// The corpus and path of the clip's source (the first source of a stem mixture).
    public var corpus: String
    public var path: String
    /// Class names, in label id order.
    public var labels: [String]

    public init(
        split: String, startSeconds: Double, durationSeconds: Double, corpus: String, path: String,
        labels: [String]
    ) {
        (self.split, self.startSeconds, self.durationSeconds) = (split, startSeconds, durationSeconds)
        (self.corpus, self.path, self.labels) = (corpus, path, labels)
    }
}

/// A written clip and the source it was cut from: what a vote per track groups on.
public struct WrittenClipSource: Sendable, Hashable {
    /// `clips.id`: the shards' `clip_ids` entry.
    public var clipID: Int64
    /// `sources.id`; every patch of one track shares it (docs/balance.md, Patches).
    public var sourceID: Int64
    public var corpus: String
    /// Relative to the corpus root.
    public var path: String

    public init(clipID: Int64, sourceID: Int64, corpus: String, path: String) {
        (self.clipID, self.sourceID, self.corpus, self.path) = (clipID, sourceID, corpus, path)
    }
}

/// What one split's shards hold: its written clips, their distinct sources, and per class how
/// many written clips carry it (a multi-label clip counts under each of its classes).
public struct WrittenSplitTally: Sendable, Hashable {
    public var clips = 0
    public var sources = 0
    /// Classes with no written clip in the split are absent.
    public var perLabel: [String: Int] = [:]

    public init(clips: Int = 0, sources: Int = 0, perLabel: [String: Int] = [:]) {
        (self.clips, self.sources, self.perLabel) = (clips, sources, perLabel)
    }
}
