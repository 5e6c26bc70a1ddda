import FeatureSettings
import Foundation
import MelshardCore

/// The compression applied to mel power. dB is computed in float32 like librosa; the logs
/// run in double precision and are rounded to float32 once.
public enum Scaling {
    public static func apply(_ p: FeatureParameters, to matrix: FeatureMatrix) -> FeatureMatrix {
        switch p.scale {
        case .db: powerToDB(matrix, ref: p.dbRef, amin: p.dbAmin, topDB: p.topDB)
        case .log1p: map(matrix) { log1p(p.logMultiplier * $0) }
        case .log: map(matrix) { log($0 + p.logOffset) }
        case .none: matrix
        }
    }

    /// `librosa.power_to_db`: `10·log10(max(amin, x)) − 10·log10(max(amin, ref))`, then, with
    /// `topDB`, a floor at `max − topDB` over the whole matrix.
    public static func powerToDB(
        _ matrix: FeatureMatrix, ref: DBReference, amin: Double, topDB: Double?
    ) -> FeatureMatrix {
        let refValue: Double =
            switch ref {
            case .value(let value): value
            case .max: Double(matrix.values.max() ?? 0)
            }
        // Each log10 correctly rounded to float32, then 10· and − offset in float32, as librosa
        // computes it on float32 input (`Decibels`).
        let offset = Float(10 * log10(max(amin, refValue)))
        let values = [Float](unsafeUninitializedCapacity: matrix.values.count) { target, count in
            matrix.values.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress, let out = target.baseAddress, !source.isEmpty else { return }
                Decibels.convert(base, count: source.count, floor: Float(amin), offset: offset, into: out)
            }
            count = matrix.values.count
        }
        var result = FeatureMatrix(rows: matrix.rows, columns: matrix.columns, values: values)
        if let topDB, let peak = result.values.max() {
            let floor = peak - Float(topDB)
            for i in result.values.indices where result.values[i] < floor { result.values[i] = floor }
        }
        return result
    }

    private static func map(_ matrix: FeatureMatrix, _ transform: (Double) -> Double) -> FeatureMatrix {
        FeatureMatrix(
            rows: matrix.rows, columns: matrix.columns, values: matrix.values.map { Float(transform(Double($0))) })
    }
}
