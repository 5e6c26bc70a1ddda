import Balance
import Foundation
import Index
import MelshardCore
import Safetensors

/// One shard while its sources are being computed: the temporary file that workers write
/// feature rows into at their final offsets, and what the main thread gathers until the last
/// source is in, when `finish` completes the file. Only `write(row:…)` is called by workers.
final class ShardAssembly: @unchecked Sendable {
    let shard: PlannedShard
    /// Clips in row order: shuffled before any audio is read, so a row's place is known up front.
    let order: [PlannedClip]
    let rowOf: [Int64: Int]
    /// Each source's clips, in plan order: what one work item decodes and computes.
    let clipsBySource: [Int64: [PlannedClip]]
    let file: DurableFile.Temporary
    private let layout: SafetensorsLayout
    private let rowBytes: Int
    private var rowSums: [[BandSums]?]
    private var outcomes: [Int: SourceOutcome] = [:]
    private(set) var remainingSources: Int

    init(
        shard: PlannedShard, order: [PlannedClip], layout: SafetensorsLayout, rowBytes: Int, path: String
    ) throws(FileError) {
        self.shard = shard
        self.order = order
        self.layout = layout
        self.rowBytes = rowBytes
        rowOf = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1.id, $0) })
        clipsBySource = Dictionary(grouping: shard.clips, by: \.sourceID)
        rowSums = Array(repeating: nil, count: order.count)
        remainingSources = shard.sources.count
        file = try DurableFile.Temporary(for: path)
    }

    /// Called by workers: rows are disjoint byte ranges, so no lock is needed.
    func write(row: Int, bytes: [UInt8]) throws(FileError) {
        try file.write(bytes, at: layout.range(of: "features")!.lowerBound + row * rowBytes)
    }

    /// Called on the main thread as each source's outcome arrives, in any order.
    func record(_ outcome: SourceOutcome, position: Int) {
        for (row, sums) in outcome.rows { rowSums[row] = sums }
        outcomes[position] = outcome
        remainingSources -= 1
    }

    /// Compacts the rows of sources that failed to decode away, writes the header, labels and
    /// clip ids, and commits the file. The bytes equal `SafetensorsEncoder.encode` of the same
    /// tensors, so a shard does not depend on how it was written.
    func finish(encoder: ShardTensors, beforeRename: () -> Void) throws -> ShardOutput {
        let kept = order.indices.filter { rowSums[$0] != nil }
        let clips = kept.map { order[$0] }
        var final = layout
        if kept.count < order.count {
            final = try encoder.layout(rows: kept.count, shardName: shard.name, split: shard.split)
            // Each kept row moves to a lower or equal offset, in increasing order, so no row is
            // overwritten before it is read.
            let from = layout.range(of: "features")!.lowerBound, to = final.range(of: "features")!.lowerBound
            for (k, row) in kept.enumerated() where to + k * rowBytes != from + row * rowBytes {
                try file.write(try file.read(count: rowBytes, at: from + row * rowBytes), at: to + k * rowBytes)
            }
        }
        try file.truncate(to: final.fileSize)
        try file.write(final.prefix, at: 0)
        for (name, bytes) in encoder.smallTensors(clips) {
            try file.write(bytes, at: final.range(of: name)!.lowerBound)
        }
        let sha256 = try SHA256Digest.hex(ofFile: file.path)
        try file.commit(beforeRename: beforeRename)

        var sums = [BandSums](repeating: BandSums(), count: encoder.shape.rows)
        for row in kept {
            for (band, s) in rowSums[row]!.enumerated() { sums[band] += s }
        }
        let ordered = (0..<shard.sources.count).compactMap { outcomes[$0] }
        return ShardOutput(
            rows: clips.map(\.id), bandSums: sums, rejects: ordered.compactMap(\.reject),
            decodedSources: ordered.filter(\.decoded).count,
            featuresShape: [kept.count, encoder.shape.rows, encoder.shape.columns],
            byteSize: Int64(final.fileSize), sha256: sha256)
    }
}

/// What a worker reports for one source of a shard.
struct SourceOutcome: Sendable {
    /// The rows it filled, with each row's band sums.
    var rows: [(row: Int, sums: [BandSums])] = []
    var reject: Reject?
    var decoded = false
}
