import Foundation
import Index
import TestSupport
import Testing

/// Each read of `Index+Reads.swift` against a real index.sqlite, written through Index's own
/// write API: a plan of two corpora and three classes, four committed shards (one holding a clip
/// that a later plan dropped), normalisation rows and rejects of two stages.
@Suite struct IndexReadsTests {
    let directory = TemporaryDirectory("index-reads")
    static let rejects = [
        RejectRow(corpus: "c1", path: "x.wav", line: 3, stage: "ingest", code: "unreadable", reason: "r1"),
        RejectRow(corpus: nil, path: "m.csv", line: nil, stage: "plan", code: "short", reason: "r2", kept: true),
        RejectRow(corpus: "c1", path: "b.wav", line: nil, stage: "features", code: "unreadable", reason: "r3"),
    ]

    /// Clips 10–14 are written; 15 is planned only; 99 sits in a shard but not in the plan.
    func makeIndex() throws -> Index {
        let index = try Index(directory: directory.path)
        func source(_ id: Int64, _ corpus: String, _ path: String, labels: [Int]) -> SourceRow {
            SourceRow(
                id: id, corpus: corpus, path: path, size: 100, mtimeNanoseconds: 1, contentHash: "h\(id)",
                format: "wav", sampleRate: 16000, channels: 1, frames: 16000, group: "g\(id)", officialSplit: nil,
                labels: labels)
        }
        func clip(
            _ id: Int64, source: Int64, _ split: String, fold: Int? = nil, labels: [Int], shard: String,
            start: Double = 0
        ) -> ClipRow {
            ClipRow(
                id: id, sourceID: source, startSample: Int(start * 16000), lengthSamples: 8000, startSeconds: start,
                durationSeconds: 0.5, split: split, fold: fold, reason: "start", shard: shard, labels: labels)
        }
        try index.transaction {
            try index.replacePlan(
                corpora: [
                    CorpusRow(name: "c1", kind: "folder", root: "/data/c1"),
                    CorpusRow(name: "c2", kind: "folder", root: "/data/c2"),
                ],
                labels: ["dog", "cat", "bird"],
                sources: [
                    source(1, "c1", "a.wav", labels: [0]), source(2, "c1", "b.wav", labels: [1]),
                    source(3, "c1", "c.wav", labels: [0, 1]), source(4, "c2", "d.wav", labels: [1]),
                ],
                clips: [
                    clip(10, source: 1, "train", labels: [0], shard: "train-00"),
                    clip(11, source: 2, "train", fold: 2, labels: [1], shard: "train-00"),
                    clip(12, source: 3, "valid", labels: [0, 1], shard: "valid-00", start: 1.25),
                    clip(13, source: 4, "test", labels: [1], shard: "test-00"),
                    clip(14, source: 4, "train", labels: [1], shard: "train-01"),
                    clip(15, source: 4, "train", labels: [1], shard: "train-01"),
                ],
                rejects: [Self.rejects[0], Self.rejects[1]])
            try index.replaceRejects(stage: "features", with: [Self.rejects[2]])
            func shard(_ name: String, _ split: String, rows: [Int64]) throws {
                let row = ShardRow(
                    name: name, split: split, clipCount: rows.count, byteSize: 10, sha256: "s",
                    contentKey: "k", mtimeNanoseconds: 1, featuresDType: "float16",
                    featuresShape: "[\(rows.count),4,8]")
                try index.putShard(row, rows: rows, bandSums: [])
            }
            // Rows out of id order, so that row order and id order differ.
            try shard("train-00", "train", rows: [11, 10])
            try shard("train-01", "train", rows: [14])
            try shard("valid-00", "valid", rows: [12])
            try shard("test-00", "test", rows: [13, 99])
            try index.replaceNormalisation([
                NormalisationRow(split: "train", band: 1, count: 8, mean: 0.5, std: 2),
                NormalisationRow(split: "valid", band: -1, count: 4, mean: 9, std: 9),
                NormalisationRow(split: "train", band: -1, count: 16, mean: 0.25, std: 1.5),
                NormalisationRow(split: "train", band: 0, count: 8, mean: 0, std: 1),
            ])
        }
        return index
    }

    @Test func labelsSourcesAndCorporaAreReadInIndexOrder() throws {
        let index = try makeIndex()
        #expect(try index.labels() == ["dog", "cat", "bird"])
        #expect(try index.sourceCount() == 4)
        // Before balancing: bird is carried by no source, so it is absent rather than zero.
        #expect(try index.sourceCountsByLabel() == ["dog": 2, "cat": 3])
        #expect(try index.corpusRoots() == ["c1": "/data/c1", "c2": "/data/c2"])
    }

    @Test func plannedClipsCountOncePerClassWrittenOrNot() throws {
        let index = try makeIndex()
        var facts: [String] = []
        try index.forEachPlannedClipLabel {
            facts.append("\($0.label) \($0.split) \($0.fold.map(String.init) ?? "-") \($0.sourceID)")
        }
        #expect(
            facts.sorted() == [
                "cat test - 4", "cat train - 4", "cat train - 4", "cat train 2 2", "cat valid - 3",
                "dog train - 1", "dog valid - 3",
            ])
    }

    @Test func writtenClipsAreThoseWithAShardRow() throws {
        let index = try makeIndex()
        // Clip 99 is in a shard but not in the plan: it has an id but no split to count in.
        #expect(try index.writtenClipIDs() == [10, 11, 12, 13, 14, 99])
        #expect(try index.writtenClipIDs(limit: 2) == [10, 11])
        #expect(try index.writtenClipIDs(label: "cat") == [11, 12, 13, 14])
        #expect(try index.writtenClipIDs(label: "cat", limit: 1) == [11])
        #expect(try index.writtenClipIDs(label: "bird").isEmpty)
        #expect(try index.writtenClipCountsBySplit() == ["train": 3, "valid": 1, "test": 1])
        #expect(
            try index.writtenClipCountsBySplitAndLabel() == [
                "train": ["dog": 1, "cat": 2], "valid": ["dog": 1, "cat": 1], "test": ["cat": 1],
            ])
    }

    @Test func writtenSplitTalliesCountPlannedClipsTheirSourcesAndClasses() throws {
        let index = try makeIndex()
        // Clip 15 is planned but in no shard; 99 is in a shard but not planned: neither counts.
        // Train's three clips come from three sources; source 4 also has clip 13 in test.
        #expect(
            try index.writtenSplitTallies() == [
                "train": WrittenSplitTally(clips: 3, sources: 3, perLabel: ["dog": 1, "cat": 2]),
                "valid": WrittenSplitTally(clips: 1, sources: 1, perLabel: ["dog": 1, "cat": 1]),
                "test": WrittenSplitTally(clips: 1, sources: 1, perLabel: ["cat": 1]),
            ])
        // A clip that two shards' rows name (a shard the plan dropped, not yet deleted) counts once.
        let again = ShardRow(
            name: "train-02", split: "train", clipCount: 1, byteSize: 10, sha256: "s", contentKey: "k",
            mtimeNanoseconds: 1, featuresDType: "float16", featuresShape: "[1,4,8]")
        try index.putShard(again, rows: [10], bandSums: [])
        #expect(
            try index.writtenSplitTallies()["train"]
                == WrittenSplitTally(clips: 3, sources: 3, perLabel: ["dog": 1, "cat": 2]))
    }

    @Test func aClipIsFoundInItsShardAndDescribedFromThePlan() throws {
        let index = try makeIndex()
        #expect(try index.shardPosition(ofClip: 10) == ShardPosition(shard: "train-00", row: 1))
        #expect(try index.shardPosition(ofClip: 99) == ShardPosition(shard: "test-00", row: 1))
        #expect(try index.shardPosition(ofClip: 15) == nil)
        let expected = ClipDescription(
            split: "valid", startSeconds: 1.25, durationSeconds: 0.5, corpus: "c1",
            path: "c.wav", labels: ["dog", "cat"])
        #expect(try index.clipDescription(12) == expected)
        #expect(try index.clipDescription(15)?.labels == ["cat"])
        #expect(try index.clipDescription(99) == nil)
    }

    @Test func shardsAreCountedAndTheirRowsReadInRowOrder() throws {
        let index = try makeIndex()
        #expect(try index.clipIDs(inShard: "train-00") == [11, 10])
        #expect(try index.clipIDs(inShard: "test-00") == [13, 99])
        #expect(try index.clipIDs(inShard: "nowhere").isEmpty)
        #expect(try index.shardCountsBySplit() == ["train": 2, "valid": 1, "test": 1])
    }

    @Test func normalisationOfOneSplitComesByBandAllBandsFirst() throws {
        let index = try makeIndex()
        #expect(
            try index.normalisation(split: "train") == [
                NormalisationRow(split: "train", band: -1, count: 16, mean: 0.25, std: 1.5),
                NormalisationRow(split: "train", band: 0, count: 8, mean: 0, std: 1),
                NormalisationRow(split: "train", band: 1, count: 8, mean: 0.5, std: 2),
            ])
        #expect(try index.normalisation(split: "test").isEmpty)
    }

    @Test func rejectsComeInTheOrderRecordedWithEveryField() throws {
        let index = try makeIndex()
        // The features stage's reject was written last, after the plan's.
        #expect(try index.rejects() == Self.rejects)
        #expect(try index.rejectCountsByCode() == ["unreadable": 2, "short": 1])
    }

    @Test func aFreshIndexReadsAsEmpty() throws {
        let index = try Index(directory: directory.path)
        #expect(try index.labels().isEmpty)
        #expect(try index.sourceCount() == 0)
        #expect(try index.writtenClipIDs().isEmpty)
        #expect(try index.writtenClipCountsBySplitAndLabel().isEmpty)
        #expect(try index.shardCountsBySplit().isEmpty)
        #expect(try index.rejects().isEmpty)
        #expect(try index.leakage() == LeakageFacts())
    }

    @Test func aReadOnlyIndexAnswersTheSameReads() throws {
        _ = try makeIndex()
        let index = try Index(directory: directory.path, readOnly: true)
        #expect(try index.labels() == ["dog", "cat", "bird"])
        #expect(try index.writtenClipIDs(label: "dog") == [10, 12])
    }
}
