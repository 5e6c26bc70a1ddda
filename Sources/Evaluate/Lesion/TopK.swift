import Foundation
import NN

/// The accuracy measure of a lesion study: an example counts as right when its class is among
/// the `k` highest outputs (top-1 or top-5, as study 000 reports).
public struct TopK: Sendable, Equatable, Codable {
    public let k: Int

    public init(_ k: Int) throws(LesionError) {
        guard k >= 1 else { throw .option("--top \(k): must be 1 or more") }
        self.k = k
    }

    /// Whether `label` is among the `k` highest of `row`, or of its `columns` only (a task's
    /// classes; nil for every output). Equal outputs rank by index, the first first, as
    /// `torch.argmax` breaks ties for top-1.
    public func isRight(_ row: ArraySlice<Float>, label: Int, among columns: [Int]? = nil) -> Bool {
        let base = row.startIndex, target = row[base + label]
        if let columns, !columns.contains(label) { return false }
        var above = 0
        for j in columns ?? Array(0..<row.count) {
            let value = row[base + j]
            if value > target || (value == target && j < label) {
                above += 1
                if above >= k { return false }
            }
        }
        return true
    }

    /// The cross-entropy of `row` (or of its softmax over `columns` only) for `label`, natural
    /// log, in double precision.
    static func crossEntropy(_ row: ArraySlice<Float>, label: Int, among columns: [Int]? = nil) -> Double {
        let base = row.startIndex
        let values = columns.map { $0.map { row[base + $0] } } ?? Array(row)
        let top = Double(values.max() ?? 0)
        var sum = 0.0
        for value in values { sum += Foundation.exp(Double(value) - top) }
        return top + Foundation.log(sum) - Double(row[base + label])
    }
}
