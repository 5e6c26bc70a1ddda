import Foundation

/// A static HTML page about a training run: sections of text, tables, pictures and verbatim
/// text, given as plain values by the command that measured them (`melshard report RUN`), so
/// Pictures knows nothing of training or evaluation. Everything is inline, as in `ReportPage`:
/// one file that opens offline.
public struct RunReportPage: Sendable {
    public struct Table: Sendable {
        public var header: [String]
        public var rows: [[String]]

        public init(header: [String], rows: [[String]]) {
            self.header = header
            self.rows = rows
        }
    }

    public struct Figure: Sendable {
        /// PNG bytes.
        public var png: [UInt8]
        public var caption: String

        public init(png: [UInt8], caption: String) {
            self.png = png
            self.caption = caption
        }
    }

    /// One heading and what follows it, in this order: paragraphs, tables, figures, verbatim text.
    public struct Section: Sendable {
        public var heading: String
        public var paragraphs: [String]
        public var tables: [Table]
        public var figures: [Figure]
        /// Shown as is, in a `<pre>` block (the run's config.json).
        public var verbatim: String?

        public init(
            heading: String, paragraphs: [String] = [], tables: [Table] = [], figures: [Figure] = [],
            verbatim: String? = nil
        ) {
            self.heading = heading
            self.paragraphs = paragraphs
            self.tables = tables
            self.figures = figures
            self.verbatim = verbatim
        }
    }

    public var title: String
    /// A line under the title (the run's folder, model and dataset).
    public var subtitle: String
    public var sections: [Section]

    public init(title: String, subtitle: String, sections: [Section]) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    public var html: String {
        var body = "<h1>\(HTML.escape(title))</h1>\n<p class=\"meta\">\(HTML.escape(subtitle))</p>\n"
        for section in sections {
            body += "<h2>\(HTML.escape(section.heading))</h2>\n"
            for paragraph in section.paragraphs { body += "<p>\(HTML.escape(paragraph))</p>\n" }
            for table in section.tables {
                body += "<table><tr>" + table.header.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr>\n"
                for row in table.rows {
                    body += "<tr>" + row.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>\n"
                }
                body += "</table>\n"
            }
            for figure in section.figures {
                body +=
                    "<figure><img alt=\"\(HTML.escape(figure.caption))\" src=\"data:image/png;base64,"
                    + "\(Data(figure.png).base64EncodedString())\"><figcaption>\(HTML.escape(figure.caption))"
                    + "</figcaption></figure>\n"
            }
            if let verbatim = section.verbatim { body += "<pre>\(HTML.escape(verbatim))</pre>\n" }
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(HTML.escape(title)): melshard report</title>
            <style>
            body{font-family:sans-serif;max-width:70rem;margin:1.5rem auto;padding:0 1rem;color:#222}
            h1{margin-bottom:.2rem}.meta{color:#666}table{border-collapse:collapse;margin:.8rem 0}
            td,th{border:1px solid #ddd;padding:.2rem .6rem;text-align:left}td:not(:first-child){text-align:right}
            figure{margin:.8rem 0}figure img{max-width:100%}figcaption{font-size:.8rem;color:#555}
            pre{background:#f6f6f6;padding:.6rem;font-size:.8rem;overflow-x:auto}
            </style></head>
            <body>
            \(body)<p class="meta">Written by melshard report from the run folder.</p>
            </body></html>

            """
    }

    /// Writes the page to `path`, replacing it in one step.
    public func write(to path: String) throws(PicturesError) {
        try OutputFile.save(Array(html.utf8), to: path)
    }
}
