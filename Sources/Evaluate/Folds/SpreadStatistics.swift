/// The mean and standard deviation of a few accuracies (one per fold).
///
/// The standard deviation reported is the **sample** one, with n − 1 in the denominator
/// (numpy's `std(ddof=1)`, pandas' default): the folds are a sample of the splits the data
/// could have had, and their spread estimates how much the accuracy varies between them. The
/// population one (n, numpy's default `ddof=0`) is kept beside it for comparison with papers
/// that used it; for 10 folds it is √(9/10) ≈ 0.95 of the sample one.
public struct SpreadStatistics: Sendable, Equatable, Codable {
    public var count: Int
    public var mean: Double
    /// n − 1 in the denominator; nil for fewer than 2 values.
    public var sampleStd: Double?
    /// n in the denominator.
    public var populationStd: Double

    enum CodingKeys: String, CodingKey {
        case count, mean
        case sampleStd = "std_sample", populationStd = "std_population"
    }

    /// - Precondition: `values` is not empty.
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "no values to summarise")
        count = values.count
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.mean = mean
        sampleStd = values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() : nil
        populationStd = (squares / Double(values.count)).squareRoot()
    }
}
