/// What `melshard evaluate metamers` measures for each metamer, and for all of them.
public struct MetamerReport: Sendable, Encodable {
    /// Where a metamer's correlation sits among its null distribution.
    public struct Null: Sendable, Encodable, Equatable {
        /// Spearman's ρ of the metamer's activations with each other target's, in target order
        /// (N − 1 values; a nil entry where ρ is undefined is left out, so there may be fewer).
        public var values: [Double]
        public var mean: Double?
        /// Quantiles 0.05, 0.5 and 0.95 (linear interpolation, numpy's default).
        public var q05: Double?
        public var median: Double?
        public var q95: Double?
        /// The share of the null at or above the metamer's own ρ: an empirical p-value, 0 when
        /// the metamer correlates with its target more than with every other.
        public var fractionAtLeast: Double?

        init(_ values: [Double], own: Double?) {
            self.values = values
            guard !values.isEmpty else { return }
            mean = values.reduce(0, +) / Double(values.count)
            let sorted = values.sorted()
            func quantile(_ q: Double) -> Double {
                let position = q * Double(sorted.count - 1)
                let lower = Int(position)
                let upper = min(lower + 1, sorted.count - 1)
                return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
            }
            (q05, median, q95) = (quantile(0.05), quantile(0.5), quantile(0.95))
            fractionAtLeast = own.map { own in Double(values.filter { $0 >= own }.count) / Double(values.count) }
        }
    }

    /// One metamer.
    public struct Metamer: Sendable, Encodable {
        public var clipID: Int64
        /// The target's class.
        public var className: String
        /// The network's top-1 class for the target's audio and for the metamer.
        public var targetPrediction: String
        public var metamerPrediction: String
        /// The metamer's top-1 class is the target's class.
        public var verified: Bool
        /// Spearman's ρ of the metamer's activations at the layer with the target's.
        public var spearman: Double?
        public var null: Null
        public var initialLoss: Double
        public var finalLoss: Double
        /// The largest difference between the front end's input for the target's decoded audio
        /// and the loader's for its stored row, in feature units (dB, log or linear).
        public var storedRowDifference: Double
        /// Where the WAV is, when written (set by the command).
        public var file: String?
    }

    /// The cut layer's path, or `input`.
    public var layer: String
    /// The activations' shape at the layer, without the batch.
    public var activationShape: [Int]
    public var iterations: Int
    public var metamers: [Metamer]

    /// Metamers whose top-1 class is their target's.
    public var verifiedCount: Int { metamers.filter(\.verified).count }

    /// `metamers.csv`: one line per metamer.
    public var csv: String {
        func number(_ x: Double?) -> String { x.map { "\($0)" } ?? "" }
        var lines = [
            "clip_id,class,target_prediction,metamer_prediction,verified,spearman,null_mean,null_q05,null_median,"
                + "null_q95,null_fraction_at_least,initial_loss,final_loss,stored_row_difference,file"
        ]
        for m in metamers {
            let fields: [String] = [
                "\(m.clipID)", m.className, m.targetPrediction,
                m.metamerPrediction, m.verified ? "true" : "false", number(m.spearman),
                number(m.null.mean), number(m.null.q05), number(m.null.median), number(m.null.q95),
                number(m.null.fractionAtLeast), number(m.initialLoss), number(m.finalLoss),
                number(m.storedRowDifference), m.file ?? "",
            ]
            lines.append(CSVField.line(fields))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
