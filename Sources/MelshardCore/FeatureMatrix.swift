/// A dense float32 matrix in row-major order: a spectrogram is `rows` bands × `columns` frames.
public struct FeatureMatrix: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    /// `rows * columns` values; element (r, c) is at `r * columns + c`.
    public var values: [Float]

    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "\(values.count) values do not fill \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        self.init(rows: rows, columns: columns, values: Array(repeating: value, count: rows * columns))
    }

    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public var shape: [Int] { [rows, columns] }
}
