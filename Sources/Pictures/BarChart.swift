/// Horizontal bar charts as inline SVG: one row per category, one bar per series, values
/// written at the bar ends. SVG is text, so the report stays one self-contained file.
struct BarChart {
    struct Series {
        var name: String
        var color: String
        var values: [Double]
    }

    var categories: [String]
    var series: [Series]

    func svg() -> String {
        let barH = 14, gap = 2, groupGap = 10
        let labelW = min(220, 12 + 7 * (categories.map(\.count).max() ?? 4))
        let plotW = 420, valueW = 60
        let groupH = series.count * (barH + gap) + groupGap
        let legendH = 22
        let height = legendH + categories.count * groupH
        let width = labelW + plotW + valueW
        let maximum = max(1, series.flatMap(\.values).max() ?? 1)
        var out =
            "<svg width=\"\(width)\" height=\"\(height)\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">"
        var x = labelW
        for s in series {
            out +=
                "<rect x=\"\(x)\" y=\"4\" width=\"12\" height=\"12\" fill=\"\(s.color)\"/><text x=\"\(x + 16)\" y=\"14\">\(HTML.escape(s.name))</text>"
            x += 24 + 7 * s.name.count
        }
        for (i, category) in categories.enumerated() {
            let top = legendH + i * groupH
            out +=
                "<text x=\"\(labelW - 6)\" y=\"\(top + (series.count * (barH + gap)) / 2 + 4)\" text-anchor=\"end\">\(HTML.escape(category))</text>"
            for (j, s) in series.enumerated() {
                let v = i < s.values.count ? s.values[i] : 0
                let w = Int((v / maximum * Double(plotW)).rounded())
                let y = top + j * (barH + gap)
                out +=
                    "<rect x=\"\(labelW)\" y=\"\(y)\" width=\"\(max(w, v > 0 ? 1 : 0))\" height=\"\(barH)\" fill=\"\(s.color)\"><title>\(HTML.escape(s.name)): \(Self.number(v))</title></rect>"
                out += "<text x=\"\(labelW + w + 4)\" y=\"\(y + barH - 3)\">\(Self.number(v))</text>"
            }
        }
        return out + "</svg>"
    }

    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.2f", v) }
}

/// Text made safe for HTML element content and attribute values.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
