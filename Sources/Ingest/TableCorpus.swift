import Foundation
import MelshardCore
import Recipe

/// `kind = "table"`: one row per audio file in a CSV or TSV with a header. Columns are found by
/// name, so their order and any extra columns do not matter; extra columns are kept as the
/// source's attributes.
enum TableCorpus {
    static func scan(_ options: TableOptions, root: CorpusRoot) throws(CorpusError) -> CorpusScan {
        let manifest = try root.requiredManifest(options.manifest, hint: "fix `manifest` in the recipe")
        var scan = CorpusScan(rejects: manifest.rejects)
        let tab =
            switch options.delimiter {
            case .tab: true
            case .comma: false
            case .auto: ["tsv", "tab"].contains((manifest.absolutePath as NSString).pathExtension.lowercased())
            }
        var rows = manifest.lines.filter { !$0.text.allSatisfy(\.isWhitespace) }.makeIterator()
        guard let headerLine = rows.next() else {
            throw CorpusError(
                corpus: root.corpus, path: manifest.absolutePath, reason: "has no header row",
                hint: "the first line must name the columns, e.g. path\(tab ? "\t" : ",")label")
        }
        // A header line that is not UTF-8 or holds a NUL is a reject, not a line: reading the next
        // line as the header would take the first row's values for column names.
        if let unreadable = manifest.rejects.first, let line = unreadable.line, line < headerLine.number {
            throw CorpusError(
                corpus: root.corpus, path: manifest.absolutePath,
                reason: "has an unreadable header: \(unreadable.reason)",
                hint: "fix line \(line)")
        }
        let header: [String]
        do { header = try fields(headerLine, tab: tab).map { $0.trimmingCharacters(in: .whitespaces) } } catch {
            throw CorpusError(
                corpus: root.corpus, path: manifest.absolutePath, reason: "has an unreadable header: \(error)",
                hint: "fix line 1")
        }
        func column(_ name: String?, key: String) throws(CorpusError) -> Int? {
            guard let name else { return nil }
            guard let i = header.firstIndex(of: name) else {
                throw CorpusError(
                    corpus: root.corpus, path: manifest.absolutePath, reason: "has no column '\(name)' (\(key))",
                    hint: "its columns are \(header.joined(separator: ", ")); fix `\(key)` in the recipe")
            }
            return i
        }
        let pathColumn = try column(options.pathColumn, key: "path_column")!
        let labelColumn = try column(options.labelColumn, key: "label_column")!
        let groupColumn = try column(options.groupColumn, key: "group_column")
        let splitColumn = try column(options.splitColumn, key: "split_column")
        let named = Set([pathColumn, labelColumn, groupColumn, splitColumn].compactMap { $0 })

        while let line = rows.next() {
            func reject(_ code: String, _ reason: String) {
                scan.rejects.append(manifest.reject(line, corpus: root.corpus, code: code, reason))
            }
            let values: [String]
            do { values = try fields(line, tab: tab) } catch {
                reject("malformed-row", "\(error)")
                continue
            }
            guard values.count == header.count else {
                reject("wrong-field-count", "\(values.count) fields, but the header has \(header.count)")
                continue
            }
            let path = values[pathColumn]
            let labelField = values[labelColumn].trimmingCharacters(in: .whitespaces)
            let labels =
                options.labelSeparator.map { separator in
                    labelField.components(separatedBy: separator).map { $0.trimmingCharacters(in: .whitespaces) }.filter
                    { !$0.isEmpty }
                } ?? (labelField.isEmpty ? [] : [labelField])
            guard !labels.isEmpty else {
                reject("missing-label", "the \(options.labelColumn) column is empty")
                continue
            }
            var split: String?
            if let splitColumn, !values[splitColumn].isEmpty {
                guard let known = OfficialSplit.normalised(values[splitColumn]) else {
                    reject(
                        "bad-split",
                        "'\(values[splitColumn])' is not a split; expected train, validation (valid, dev) or test")
                    continue
                }
                split = known
            }
            let group = groupColumn.map { values[$0] }.flatMap { $0.isEmpty ? nil : $0 } ?? path
            var attributes: [String: String] = [:]
            for (i, name) in header.enumerated() where !named.contains(i) && !values[i].isEmpty {
                attributes[name] = values[i]
            }
            scan.add(
                root.candidate(
                    path, origin: manifest.origin(line), labels: labels, group: group, officialSplit: split,
                    attributes: SourceAttributes(attributes)))
        }
        return scan
    }

    private static func fields(_ line: ManifestFile.Line, tab: Bool) throws(DelimitedRow.Problem) -> [String] {
        tab ? line.fields() : try DelimitedRow.csvFields(line.text)
    }
}

extension DelimitedRow.Problem: CustomStringConvertible {
    var description: String {
        switch self {
        case .unclosedQuote: "a quoted field is not closed on this line"
        case .textAfterQuote(let column): "text follows a closing quote at column \(column)"
        }
    }
}
