import MelshardCore
import Recipe

/// The `common-voice` corpus: one locale folder of a release, `clips/` and the clip TSVs.
/// docs/corpora/common-voice.md describes the layout, the options and every reject.
///
/// Lines are split on tab and nothing else. Sentences hold literal, often unbalanced `"`
/// (`"""Good-bye,"" said the boy.`), and a CSV reader with default quoting glues the rows
/// after one together (pytorch/audio#2838); no release has ever quoted a field.
enum CommonVoiceCorpus {
    static func scan(_ options: CommonVoiceOptions, root: CorpusRoot) throws(CorpusError) -> CorpusScan {
        var scan = CorpusScan()
        // train/dev/test are drawn from validated, so a recipe reading both lists most clips
        // twice. Reading the split files first lets such a clip keep its official split, and
        // the later listing only adds its file name to the `tsv` attribute.
        var parts: [CommonVoiceOptions.Part] = []
        for part in options.tsvs.filter({ OfficialSplit.normalised($0.rawValue) != nil }) + options.tsvs
        where !parts.contains(part) { parts.append(part) }
        var listedInSplitFile: Set<PathKey> = []
        var candidateOfClip: [PathKey: Int] = [:]
        var speakers: Set<String> = []
        for part in parts {
            let name = part.rawValue + ".tsv"
            // `dev` is validation; the vote buckets (validated, invalidated, other) give none.
            let split = OfficialSplit.normalised(part.rawValue)
            let manifest = try root.requiredManifest(
                name,
                hint: "the root must be a Common Voice locale folder holding clips/ and \(name); "
                    + "remove \"\(part.rawValue)\" from tsvs if this release has none")
            scan.rejects += manifest.rejects
            guard let header = manifest.lines.first, header.number == 1 else {
                throw CorpusError(
                    corpus: root.corpus, path: manifest.absolutePath,
                    reason: manifest.missingFirstLine("header"),
                    hint: "expected a header such as client_id, path, sentence, …")
            }
            let columns = try CommonVoiceColumns(
                header: header.fields(), file: manifest.absolutePath, corpus: root.corpus,
                labelColumn: options.labelColumn)
            for line in manifest.lines.dropFirst() where !line.text.isEmpty {
                func reject(_ code: String, _ reason: String) {
                    scan.rejects.append(manifest.reject(line, corpus: root.corpus, code: code, reason))
                }
                let fields = line.fields()
                guard fields.count == columns.count else {
                    reject(
                        "wrong-field-count", "\(fields.count) tab-separated field(s); the header has \(columns.count)")
                    continue
                }
                let clientID = fields[columns.clientID]
                var path = fields[columns.path]
                guard !path.isEmpty else { reject("empty-field", "path is empty"); continue }
                guard !clientID.isEmpty else { reject("empty-field", "client_id is empty"); continue }
                // The oldest releases name clips without their extension; the files have it.
                if !path.lowercased().hasSuffix(".mp3") { path += ".mp3" }
                let relative = "clips/" + path
                if split == nil, listedInSplitFile.contains(PathKey(relative)) {
                    if let index = candidateOfClip[PathKey(relative)] {
                        scan.candidates[index].attributes["tsv"] =
                            (scan.candidates[index].attributes["tsv"] ?? "") + "," + part.rawValue
                    }
                    continue
                }
                if split != nil { listedInSplitFile.insert(PathKey(relative)) }
                var labels: [String] = []
                if let label = columns.label {
                    guard !fields[label].isEmpty else {
                        reject("missing-label", "the \(options.labelColumn ?? "") field (label_column) is empty")
                        continue
                    }
                    labels = [fields[label]]
                }
                var attributes = [("tsv", part.rawValue)]
                for column in columns.attributes { attributes.append((column.key, fields[column.index])) }
                // A speaker reads many sentences: its 128-hex-digit id is stored once, not per row.
                let group = speakers.insert(clientID).memberAfterInsert
                let result = root.candidate(
                    relative, origin: manifest.origin(line), labels: labels, group: group,
                    officialSplit: split, attributes: SourceAttributes(attributes))
                scan.add(result)
                // Only a clip of a split file can be listed again (by a vote bucket, above).
                if split != nil, case .success = result, candidateOfClip[PathKey(relative)] == nil {
                    candidateOfClip[PathKey(relative)] = scan.candidates.count - 1
                }
            }
        }
        return scan
    }
}
