import NN

/// One filter's feature maps for two stimuli at every point that has maps (`[C, H, W]`), as study
/// 003's Figure 1 shows them: the input spectrograms, then the filter's map after each block.
public struct FeatureMapPair: Sendable, Equatable, Codable {
    /// One point's two maps, row-major `height × width`.
    public struct Maps: Sendable, Equatable, Codable {
        public var point: String
        /// The channel shown: the input's first, the filter asked for everywhere else.
        public var channel: Int
        public var height: Int
        public var width: Int
        public var first: [Float]
        public var second: [Float]
    }

    public var filter: Int
    public var maps: [Maps]

    /// The maps of `filter` for stimuli `pair.0` and `pair.1` of `stimuli` (`[N, …]`, one class's).
    ///
    /// - Throws: `SimilarityError.stimulusOutOfRange` for an index beyond the stimuli,
    ///   `.filterOutOfRange` when a point has `filter` channels or fewer.
    public init(
        points: ActivationPoints, stimuli: Tensor, className: String, pair: (Int, Int), filter: Int, threads: Int = 1
    ) throws(SimilarityError) {
        let n = stimuli.shape[0], size = stimuli.count / max(1, n)
        for index in [pair.0, pair.1] where index < 0 || index >= n {
            throw .stimulusOutOfRange(className: className, index: index, count: n)
        }
        let pair = Tensor(
            shape: [2] + Array(stimuli.shape.dropFirst()),
            values: Array(stimuli.values[(pair.0 * size)..<((pair.0 + 1) * size)])
                + stimuli.values[(pair.1 * size)..<((pair.1 + 1) * size)])
        self.filter = filter
        let (vectors, shapes) = points.record(pair, threads: threads)
        maps = []
        for (p, shape) in shapes.enumerated() where shape.count == 3 {
            let channel = p == 0 ? 0 : filter
            guard channel < shape[0] else {
                throw .filterOutOfRange(filter: filter, point: points.points[p].name, channels: shape[0])
            }
            let size = shape[1] * shape[2], range = (channel * size)..<((channel + 1) * size)
            maps.append(
                Maps(
                    point: points.points[p].name, channel: channel, height: shape[1], width: shape[2],
                    first: Array(vectors[p][0][range]), second: Array(vectors[p][1][range])))
        }
    }
}
