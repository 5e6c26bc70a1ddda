import NN

/// Study 003's measurement: for the stimuli of one class, every pair's activations at every point
/// compared by Pearson correlation, cosine similarity and normalised MSE, averaged per point.
public struct LayerSimilarity: Sendable, Equatable, Codable {
    /// One point's averages over a class's pairs.
    public struct PointMeans: Sendable, Equatable, Codable {
        public var point: String
        /// One example's activation shape there.
        public var shape: [Int]
        /// The mean over the pairs where r is defined (neither vector constant); nil when none is.
        public var pearson: Double?
        /// The mean over the pairs where it is defined (neither vector all zeros); nil when none is.
        public var cosine: Double?
        /// The mean over every pair.
        public var normalisedMSE: Double
        /// Pairs left out of the Pearson and cosine means because they are undefined there.
        public var undefinedPearson: Int
        public var undefinedCosine: Int
    }

    /// One class's curve.
    public struct ClassCurve: Sendable, Equatable, Codable {
        public var name: String
        public var stimuli: Int
        /// stimuli · (stimuli − 1) / 2.
        public var pairs: Int
        public var points: [PointMeans]
    }

    public var points: [String]
    public var classes: [ClassCurve]

    /// Compares every pair of stimuli within each class.
    ///
    /// - Parameters:
    ///   - stimuli: per class (name, inputs `[N, …]`); a class needs two stimuli for one pair.
    public init(
        points: ActivationPoints, stimuli: [(name: String, inputs: Tensor)], threads: Int = 1
    )
        throws(SimilarityError)
    {
        self.points = points.points.map(\.name)
        classes = []
        for (name, inputs) in stimuli {
            let n = inputs.shape[0]
            guard n >= 2 else { throw .tooFewStimuli(className: name, count: n) }
            let (vectors, shapes) = points.record(inputs, threads: threads)
            let means = points.points.indices.map { p in
                Self.means(of: vectors[p], point: points.points[p].name, shape: shapes[p])
            }
            classes.append(ClassCurve(name: name, stimuli: n, pairs: n * (n - 1) / 2, points: means))
        }
    }

    /// The three measures averaged over every pair i < j of `vectors`.
    public static func means(of vectors: [[Float]], point: String, shape: [Int]) -> PointMeans {
        var pearson = 0.0, cosine = 0.0, mse = 0.0
        var pearsonCount = 0, cosineCount = 0, pairs = 0
        for i in vectors.indices {
            for j in (i + 1)..<vectors.count {
                pairs += 1
                if let r = SimilarityMeasures.pearson(vectors[i], vectors[j]) {
                    pearson += r
                    pearsonCount += 1
                }
                if let c = SimilarityMeasures.cosine(vectors[i], vectors[j]) {
                    cosine += c
                    cosineCount += 1
                }
                mse += SimilarityMeasures.normalisedMSE(vectors[i], vectors[j])
            }
        }
        return PointMeans(
            point: point, shape: shape, pearson: pearsonCount > 0 ? pearson / Double(pearsonCount) : nil,
            cosine: cosineCount > 0 ? cosine / Double(cosineCount) : nil, normalisedMSE: mse / Double(max(1, pairs)),
            undefinedPearson: pairs - pearsonCount, undefinedCosine: pairs - cosineCount)
    }
}
