import Balance
import Features
import Foundation
import Index
import MelshardCore
import Recipe
import Safetensors

/// Where a source's audio is, for the writer.
struct SourceLocation: Sendable {
    var corpus: String
    var path: String
    var absolutePath: String
}

/// One shard, computed: the file's bytes and what the index records about it.
struct ShardOutput: Sendable {
    var bytes: [UInt8]
    /// Clip ids in row order.
    var rows: [Int64]
    var bandSums: [BandSums]
    /// Sources that failed to decode; their clips are left out.
    var rejects: [Reject]
    var decodedSources: Int
    var featuresShape: [Int]
}

/// Decodes a shard's sources (each once), computes every clip's features, shuffles the rows
/// with the seeded generator and encodes the safetensors file.
struct ShardWriter: Sendable {
    var parameters: FeatureParameters
    var dtype: ShardSpec.DType
    var multiLabel: Bool
    var labelNames: [String]
    var seed: UInt64
    var metadata: [String: String]

    func write(_ shard: PlannedShard, sources: [Int64: SourceLocation]) throws -> ShardOutput {
        let extractor = try FeatureExtractor(parameters)
        let loader = AudioLoader(parameters)
        let length = shard.clips.first?.length ?? 0
        let shape = parameters.outputShape(forSamples: length)
        let clipValues = shape.rows * shape.columns

        // Rows are decided before any audio is read, so each clip's features go straight to their
        // row of one buffer in the stored dtype: about one stored copy per clip in memory, not four.
        var order = shard.clips
        // Our own Fisher–Yates: the standard library does not promise its shuffle's algorithm,
        // and row order is part of the shard's bytes.
        var random = SeededRandom(seed: seed, stream: "shuffle/\(shard.name)")
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(random.next() % UInt64(i + 1)))
        }
        let rowOf = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1.id, $0) })
        var buffer = FeatureBuffer(dtype: dtype, rows: order.count, valuesPerRow: clipValues)
        var filled = [Bool](repeating: false, count: order.count)
        var rejects: [Reject] = []
        var decoded = 0
        let clipsBySource = Dictionary(grouping: shard.clips, by: \.sourceID)
        for sourceID in shard.sources {
            guard let location = sources[sourceID], let clips = clipsBySource[sourceID] else { continue }
            do {
                let audio = try loader.clips(clips.map { ClipRegion(start: $0.start, length: $0.length) }, from: location.absolutePath)
                decoded += 1
                for (clip, samples) in zip(clips, audio) {
                    let matrix = try extractor.features(samples)
                    precondition(matrix.rows == shape.rows && matrix.columns == shape.columns, "feature shape drifted")
                    buffer.store(matrix.values, row: rowOf[clip.id]!)
                    filled[rowOf[clip.id]!] = true
                }
            } catch let error as AudioError {
                rejects.append(Reject(corpus: location.corpus, path: location.path, stage: .features, code: error.reason.code,
                                      reason: error.reason.description))
            }
        }
        if filled.contains(false) {
            buffer.keepRows(filled)
            order = zip(order, filled).filter(\.1).map(\.0)
        }

        // Statistics of the values as stored, which is what a user normalises.
        var sums = [BandSums](repeating: BandSums(), count: shape.rows)
        for row in 0..<order.count {
            let values = buffer.load(row: row)
            for band in 0..<shape.rows {
                var s = 0.0, q = 0.0
                for x in values[(band * shape.columns)..<((band + 1) * shape.columns)] {
                    s += Double(x)
                    q += Double(x) * Double(x)
                }
                sums[band].count += Int64(shape.columns)
                sums[band].sum += s
                sums[band].sumSquares += q
            }
        }
        let featureShape = [order.count, shape.rows, shape.columns]
        let features = SafetensorsTensor(name: "features", dtype: dtype == .float16 ? .f16 : .f32, shape: featureShape, bytes: buffer.bytes)
        let labels: SafetensorsTensor
        if multiLabel {
            var hot = [UInt8](repeating: 0, count: order.count * labelNames.count)
            for (row, clip) in order.enumerated() { for l in clip.labels { hot[row * labelNames.count + l] = 1 } }
            labels = .uint8("labels", shape: [order.count, labelNames.count], values: hot)
        } else {
            labels = .int32("labels", shape: [order.count], values: order.map { Int32($0.labels[0]) })
        }
        let ids = order.map(\.id)
        var meta = metadata
        meta["shard"] = shard.name
        meta["split"] = shard.split
        let bytes = try SafetensorsEncoder.encode([features, labels, .int64("clip_ids", shape: [ids.count], values: ids)], metadata: meta)
        return ShardOutput(bytes: bytes, rows: ids, bandSums: sums, rejects: rejects, decodedSources: decoded, featuresShape: featureShape)
    }
}
