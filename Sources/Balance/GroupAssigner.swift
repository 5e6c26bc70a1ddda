import Foundation
import MelshardCore
import Recipe

/// Assigns whole groups to splits (`ratios`) or folds (`kfold`), stratified by class.
///
/// Groups are put in strata by their classes (the sorted set of their sources' labels: for a
/// single-label corpus with one class per group, the class). Within a stratum, groups are
/// ordered by their own seeded draw and laid end to end on a circle of circumference 1, each
/// taking an arc proportional to its sources; the circle is turned by a seeded phase per
/// stratum, and a group goes to the split (or fold) whose interval holds its arc's midpoint.
/// So each stratum meets the targets to within one group, a stratum of one group falls where
/// its phase says (as an unstratified draw would), and adding a group re-deals only its own
/// stratum. docs/balance.md has the details.
struct GroupAssigner {
    struct Member {
        /// Unique over the whole plan: `corpus/group` (merged across corpora for identical audio).
        var key: String
        var stratum: String
        var weight: Int
    }

    /// A group's split and fold, stored narrow: the planner holds one per unit (five million at
    /// study 000's scale) and every clip has one (eight million, spooled as records), and a
    /// `String` and an `Int?` took 32 bytes of each where these take 3 (docs/build.md, "Memory").
    struct Placement: Sendable, Hashable {
        /// The fold, or -1 for none (`folds` is at most 1,000).
        private var storedFold: Int16
        /// The position in `PlannedClip.splits`.
        private var storedSplit: UInt8

        init(split: String, fold: Int?) {
            (storedFold, storedSplit) = (-1, 0)
            self.split = split
            self.fold = fold
        }

        /// `train`, `validation` or `test`.
        var split: String {
            get { PlannedClip.splits[Int(storedSplit)] }
            set {
                guard let position = PlannedClip.splits.firstIndex(of: newValue) else {
                    preconditionFailure("a clip's split is train, validation or test, not '\(newValue)'")
                }
                storedSplit = UInt8(position)
            }
        }

        var fold: Int? {
            get { storedFold < 0 ? nil : Int(storedFold) }
            set { storedFold = newValue.map { Int16($0) } ?? -1 }
        }
    }

    var seed: UInt64
    var splits: SplitSpec

    func assign(_ members: [Member]) -> [String: Placement] {
        var result: [String: Placement] = [:]
        if !splits.stratify {
            for m in members {
                var random = SeededRandom(seed: seed, stream: "split/\(m.key)")
                result[m.key] = place(random.nextUnit())
            }
            return result
        }
        for (stratum, group) in Dictionary(grouping: members, by: \.stratum) {
            let ordered = group.map { m -> (UInt64, Member) in
                var random = SeededRandom(seed: seed, stream: "split/\(m.key)")
                return (random.next(), m)
            }.sorted { ($0.0, $0.1.key) < ($1.0, $1.1.key) }
            var phaseRandom = SeededRandom(seed: seed, stream: "split-phase/\(stratum)")
            let phase = phaseRandom.nextUnit()
            let total = Double(ordered.reduce(0) { $0 + $1.1.weight })
            var before = 0.0
            for (_, m) in ordered {
                let middle = (before + Double(m.weight) / 2) / total + phase
                before += Double(m.weight)
                result[m.key] = place(middle - middle.rounded(.down))
            }
        }
        return result
    }

    /// The split or fold of position u in [0, 1).
    private func place(_ u: Double) -> Placement {
        if splits.method == .kfold {
            let k = splits.folds ?? 1
            return Placement(split: "train", fold: min(k - 1, Int(u * Double(k))))
        }
        if u < splits.train { return Placement(split: "train", fold: nil) }
        if u < splits.train + splits.validation { return Placement(split: "validation", fold: nil) }
        return Placement(split: splits.test > 0 ? "test" : (splits.validation > 0 ? "validation" : "train"), fold: nil)
    }
}
