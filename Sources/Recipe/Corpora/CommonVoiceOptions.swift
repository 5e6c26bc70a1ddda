/// `kind = "common-voice"`: one locale folder of a Common Voice release (`clips/` and the TSVs).
public struct CommonVoiceOptions: Sendable, Equatable, Encodable {
    public enum Part: String, Sendable, Equatable, Encodable, CaseIterable {
        case train, dev, test, validated, invalidated, other
    }

    /// Which TSVs to read; `train`, `dev` and `test` also give each clip its official split
    /// (`dev` becomes `validation`).
    public var tsvs: [Part]
    /// A column whose value becomes the clip's label (e.g. `gender`); nil gives no label, for
    /// recipes whose labels come from Align's word spans.
    public var labelColumn: String?

    public init(tsvs: [Part] = [.validated], labelColumn: String? = nil) {
        self.tsvs = tsvs
        self.labelColumn = labelColumn
    }

    init(reading r: inout TableReader) {
        self.init()
        tsvs =
            r.choices("tsvs", Part.self, emptyMeans: "reads no clip") {
                $0.hasSuffix(".tsv") ? String($0.dropLast(4)) : $0
            } ?? tsvs
        labelColumn = r.string("label_column")
        if labelColumn == "" {
            r.problem("label_column", "an empty name names no column; leave the key out for no label")
        }
    }

    enum CodingKeys: String, CodingKey { case tsvs, labelColumn = "label_column" }
}
