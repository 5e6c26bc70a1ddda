/// `kind = "table"`: a CSV or TSV file with one row per audio file.
public struct TableOptions: Sendable, Equatable, Encodable {
    public enum Delimiter: String, Sendable, Equatable, Encodable, CaseIterable {
        /// Tab for `.tsv` and `.tab` files, comma otherwise.
        case auto
        /// Tab-separated, never quoted.
        case tab
        /// Comma-separated, with RFC 4180 quoting.
        case comma
    }

    /// The table, relative to the corpus root or absolute.
    public var manifest: String
    public var delimiter: Delimiter
    public var pathColumn: String
    public var labelColumn: String
    /// Splits one label field into several (multi-label), e.g. `";"`; nil keeps the field whole.
    public var labelSeparator: String?
    public var groupColumn: String?
    /// Values `train`, `validation` (or `valid`, `dev`) and `test` become official splits.
    public var splitColumn: String?

    public init(
        manifest: String, delimiter: Delimiter = .auto, pathColumn: String = "path", labelColumn: String = "label",
        labelSeparator: String? = nil, groupColumn: String? = nil, splitColumn: String? = nil
    ) {
        self.manifest = manifest
        self.delimiter = delimiter
        self.pathColumn = pathColumn
        self.labelColumn = labelColumn
        self.labelSeparator = labelSeparator
        self.groupColumn = groupColumn
        self.splitColumn = splitColumn
    }

    init(reading r: inout TableReader) {
        self.init(manifest: r.string("manifest") ?? "")
        if manifest.isEmpty { r.problem("manifest", "a table corpus needs manifest = \"PATH\" (a .csv or .tsv file)") }
        delimiter = r.choice("delimiter", Delimiter.self) ?? delimiter
        pathColumn = r.string("path_column") ?? pathColumn
        labelColumn = r.string("label_column") ?? labelColumn
        labelSeparator = r.string("label_separator")
        if labelSeparator == "" { r.problem("label_separator", "an empty separator splits nothing; leave the key out") }
        groupColumn = r.string("group_column")
        splitColumn = r.string("split_column")
    }

    enum CodingKeys: String, CodingKey {
        case manifest, delimiter, pathColumn = "path_column", labelColumn = "label_column", labelSeparator =
            "label_separator"
        case groupColumn = "group_column", splitColumn = "split_column"
    }
}
