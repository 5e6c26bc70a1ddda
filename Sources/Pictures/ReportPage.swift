import Foundation

/// A static HTML page describing a build: the dataset card in readable form, with bar charts
/// of classes before and after balancing and of rejects by reason, example spectrograms per
/// class, and the feature parameters. Everything is inline (CSS, SVG charts, PNGs as `data:`
/// URIs), so the page opens offline, can be mailed as one file, and fetches nothing.
public struct ReportPage {
    /// Example spectrograms drawn per class.
    public var examplesPerClass: Int
    /// Reject rows listed per reason code (all are counted).
    public var rejectExamples: Int

    public init(examplesPerClass: Int = 2, rejectExamples: Int = 5) {
        self.examplesPerClass = examplesPerClass
        self.rejectExamples = rejectExamples
    }

    public func html(for output: BuildOutput) throws(PicturesError) -> String {
        let card = try CardSummary.read(directory: output.directory)
        let labels: [String]
        if let listed = card.labels { labels = listed } else { labels = try output.labels() }
        let name = card.name ?? (output.directory as NSString).lastPathComponent
        var body = "<h1>\(HTML.escape(name))</h1>\n"
        body +=
            "<p class=\"meta\">\(HTML.escape(output.directory)) · task \(HTML.escape(card.task ?? "?")) · \(labels.count) classes · "
            + "\((card.shards ?? []).count) shards · recipe sha256 <code>\(HTML.escape(String((card.recipe_sha256 ?? "").prefix(16))))</code></p>\n"

        body += "<h2>Classes before and after balancing</h2>\n"
        body +=
            "<p>Before: sources found carrying the class. After: sources used and clips written to shards"
            + (card.balance?.per_class.map { " (clips.per_class = \($0))" } ?? "") + ".</p>\n"
        let classes = card.balance?.classes ?? [:]
        let splits = ["train", "validation", "test"].filter { card.splits?[$0] != nil }
        let written = labels.map { l in Double(splits.reduce(0) { $0 + (card.splits?[$1]?.per_label?[l] ?? 0) }) }
        body +=
            BarChart(
                categories: labels,
                series: [
                    .init(
                        name: "sources found (before)", color: "#9e9e9e",
                        values: labels.map { Double(classes[$0]?.sources_found ?? 0) }),
                    .init(
                        name: "sources used (after)", color: "#3b528b",
                        values: labels.map { Double(classes[$0]?.sources_used ?? 0) }),
                    .init(name: "clips in shards (after)", color: "#5dc863", values: written),
                ]
            ).svg() + "\n"
        body += "<table><tr><th>class</th>" + splits.map { "<th>\($0)</th>" }.joined() + "<th>all</th></tr>\n"
        for (i, label) in labels.enumerated() {
            body +=
                "<tr><td>\(HTML.escape(label))</td>"
                + splits.map { "<td>\(card.splits?[$0]?.per_label?[label] ?? 0)</td>" }.joined()
                + "<td>\(Int(written[i]))</td></tr>\n"
        }
        body +=
            "<tr><th>clips</th>" + splits.map { "<th>\(card.splits?[$0]?.clips ?? 0)</th>" }.joined()
            + "<th>\(splits.reduce(0) { $0 + (card.splits?[$1]?.clips ?? 0) })</th></tr></table>\n"

        body += "<h2>Rejects by reason</h2>\n"
        let byCode = card.rejects?.by_code ?? [:]
        if byCode.isEmpty {
            body += "<p>No input was rejected.</p>\n"
        } else {
            let codes = byCode.keys.sorted { (byCode[$0]!, $1) > (byCode[$1]!, $0) }
            body += BarChart(
                categories: codes,
                series: [.init(name: "inputs", color: "#b5367a", values: codes.map { Double(byCode[$0]!) })]
            ).svg()
            let rows = try output.rejects()
            body += "<ul class=\"rejects\">\n"
            for code in codes {
                for row in rows.filter({ $0.code == code }).prefix(rejectExamples) {
                    body +=
                        "<li><code>\(HTML.escape(row.path))</code>: \(HTML.escape(row.reason)) [\(HTML.escape(code))]</li>\n"
                }
            }
            body += "</ul><p>Every reject: <code>melshard rejects \(HTML.escape(output.directory))</code>.</p>\n"
        }

        body += "<h2>Example spectrograms</h2>\n"
        let picture = SpectrogramPicture(style: .compact)
        for label in labels {
            let ids = try output.clipIDs(label: label, limit: examplesPerClass)
            body += "<h3>\(HTML.escape(label))</h3><div class=\"examples\">"
            if ids.isEmpty { body += "<p>no clip of this class was written</p>" }
            for id in ids {
                let clip = try output.clip(id)
                let png: [UInt8]
                do { png = try picture.render(clip).image.encoded() } catch {
                    throw PicturesError(path: output.directory, reason: "\(error)")
                }
                body +=
                    "<figure><img alt=\"clip \(id)\" src=\"data:image/png;base64,\(Data(png).base64EncodedString())\">"
                    + "<figcaption>clip \(id), \(HTML.escape(clip.split)): <code>\(HTML.escape(clip.source))</code> at \(AxisTicks.label(clip.startSeconds)) s</figcaption></figure>"
            }
            body += "</div>\n"
        }

        body += "<h2>Features</h2>\n<table>"
        if let f = card.features {
            body +=
                "<tr><td>shape per clip</td><td>\((f.shape ?? []).map(String.init).joined(separator: " × ")) (\(HTML.escape(f.layout ?? "")))</td></tr>"
            body +=
                "<tr><td>dtype</td><td>\(HTML.escape(f.dtype ?? ""))</td></tr><tr><td>clip_samples</td><td>\(f.clip_samples ?? 0)</td></tr>"
        }
        if let n = card.normalisation, let mean = n.mean, let std = n.std {
            body +=
                "<tr><td>normalisation (\(HTML.escape(n.split ?? "train")))</td><td>mean \(String(format: "%.3f", mean)), std \(String(format: "%.3f", std))</td></tr>"
        }
        for (key, value) in card.parameters {
            body += "<tr><td>\(HTML.escape(key))</td><td><code>\(HTML.escape(value))</code></td></tr>"
        }
        body += "</table>\n"

        body += "<h2>Shards</h2>\n<table><tr><th>shard</th><th>split</th><th>clips</th><th>bytes</th></tr>"
        for s in card.shards ?? [] {
            body +=
                "<tr><td><code>\(HTML.escape(s.name))</code></td><td>\(s.split)</td><td>\(s.clips)</td><td>\(s.bytes)</td></tr>"
        }
        body += "</table>\n"

        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(HTML.escape(name)): melshard report</title>
            <style>
            body{font-family:sans-serif;max-width:70rem;margin:1.5rem auto;padding:0 1rem;color:#222}
            h1{margin-bottom:.2rem}.meta{color:#666}table{border-collapse:collapse;margin:.8rem 0}
            td,th{border:1px solid #ddd;padding:.2rem .6rem;text-align:left}td:not(:first-child){text-align:right}
            .examples{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}figcaption{font-size:.8rem;color:#555;max-width:32rem}
            .rejects{font-size:.85rem}code{font-size:.85rem}
            </style></head>
            <body>
            \(body)<p class="meta">Written by melshard report from dataset.json, index.sqlite and the shards.</p>
            </body></html>

            """
    }

    /// Writes the page to `path`.
    public func write(for output: BuildOutput, to path: String) throws(PicturesError) {
        let page = try html(for: output)
        try OutputFile.save(Array(page.utf8), to: path)
    }
}
