import Evaluate
import Foundation

/// Study 004's Table 1 as text: architecture, parameters, test accuracy mean ± std over folds.
enum ArchitectureTable {
    static func text(_ rows: [ArchitectureSummary]) -> String {
        let header = ["architecture", "parameters", "folds", "accuracy (mean ± std, n − 1)", "per fold"]
        let body = rows.map { row -> [String] in
            let spread = row.accuracy.sampleStd.map { String(format: " ± %.4f", $0) } ?? ""
            return [
                row.architecture, grouped(row.parameters), "\(row.folds.count)/\(row.foldsPlanned)",
                String(format: "%.4f", row.accuracy.mean) + spread,
                row.folds.map { String(format: "%.4f", $0.accuracy) }.joined(separator: " "),
            ]
        }
        let widths = header.indices.map { c in ([header] + body).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 1 ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header)] + body.map(line)).joined(separator: "\n") + "\n"
    }

    /// 1234567 → 1,234,567.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }
}
