import Balance
import Foundation
import Index

/// Mean and standard deviation of the training split, per band and over all bands, aggregated
/// from the per-shard sums in shard-name order (so the same shards give the same bits).
/// Stored beside the shards, never applied to them, so shards stay reusable.
enum Normalisation {
    static let split = "train"

    static func rows(index: Index, shards: [PlannedShard]) throws -> [NormalisationRow] {
        let names = shards.filter { $0.split == split }.map(\.name)
        let perShard = try index.bandSums(shards: names)
        guard let bands = perShard.first(where: { !$0.isEmpty })?.count else { return [] }
        var totals = [BandSums](repeating: BandSums(), count: bands)
        for sums in perShard where sums.count == bands {
            for (b, s) in sums.enumerated() { totals[b] += s }
        }
        let all = totals.reduce(BandSums(), +)
        return ([(-1, all)] + totals.enumerated().map { ($0, $1) }).filter { $0.1.count > 0 }.map { band, s in
            let mean = s.sum / Double(s.count)
            let variance = max(0, s.sumSquares / Double(s.count) - mean * mean)
            return NormalisationRow(split: split, band: band, count: s.count, mean: mean, std: variance.squareRoot())
        }
    }
}
