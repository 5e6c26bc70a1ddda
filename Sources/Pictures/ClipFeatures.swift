import AudioDSP
import FeatureSettings

/// One clip's stored feature matrix and what is needed to draw it with true axes.
public struct ClipFeatures: Sendable {
    public var clipID: Int64
    public var labels: [String]
    public var split: String
    /// `corpus:path` of the source the clip was cut from.
    public var source: String
    /// Where the clip starts in its source, in seconds.
    public var startSeconds: Double
    public var durationSeconds: Double
    /// The shard and row holding it.
    public var shard: String
    public var row: Int
    /// The parameters the matrix was computed with (the shard's `feature_parameters`).
    public var parameters: FeatureParameters
    /// The clip's length in samples at `parameters.sampleRate`.
    public var clipSamples: Int
    /// [bands][frames] (or [height][width] after a resize), band 0 the lowest, as stored.
    public var rows: Int
    public var columns: Int
    /// Row-major, `rows · columns` values.
    public var values: [Float]

    public init(
        clipID: Int64, labels: [String], split: String, source: String, startSeconds: Double, durationSeconds: Double,
        shard: String, row: Int, parameters: FeatureParameters, clipSamples: Int, rows: Int, columns: Int,
        values: [Float]
    ) {
        precondition(values.count == rows * columns, "\(values.count) values for \(rows) × \(columns)")
        (self.clipID, self.labels, self.split, self.source) = (clipID, labels, split, source)
        (self.startSeconds, self.durationSeconds, self.shard, self.row) = (startSeconds, durationSeconds, shard, row)
        (self.parameters, self.clipSamples, self.rows, self.columns, self.values) = (
            parameters, clipSamples, rows, columns, values
        )
    }

    public subscript(row: Int, column: Int) -> Float { values[row * columns + column] }
}
