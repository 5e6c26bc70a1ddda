import Foundation

extension RecipeLoader {
    /// `[align]`: paths are made absolute against the recipe's folder, like corpus roots.
    static func alignSpec(_ r: inout TableReader, base: String, corpora: [CorpusSpec]) -> AlignSpec {
        var spec = AlignSpec()
        if let names = r.strings("corpora") {
            for name in names where !corpora.contains(where: { $0.name == name }) {
                r.problem("corpora", "no [[corpus]] is named '\(name)'")
            }
            if names.isEmpty { r.problem("corpora", "an empty list aligns nothing; leave [align] out instead") }
            spec.corpora = names
        } else if !corpora.contains(where: { $0.kind == .commonVoice }) {
            r.problem("corpora", "no common-voice corpus to align; name the corpora whose sources have sentences")
        }
        spec.method = r.choice("method", AlignSpec.Method.self) ?? spec.method
        func path(_ given: String) -> String {
            given.hasPrefix("/")
                ? given : URL(fileURLWithPath: base).appendingPathComponent(given).standardizedFileURL.path
        }
        spec.words = r.string("words").map(path)
        spec.topK = r.integer("top_k", in: 1...1_000_000)
        if spec.words != nil && spec.topK != nil { r.problem("top_k", "give words (a list) or top_k, not both") }
        if spec.words == nil && spec.topK == nil {
            r.problem("words", "[align] needs words = \"LIST.txt\" or top_k = K")
        }
        spec.minOccurrences = r.integer("min_occurrences", in: 1...100_000_000) ?? spec.minOccurrences
        spec.stopWords = r.string("stop_words").map(path)
        spec.minConfidence =
            r.number("min_confidence", where: { $0 >= 0 && $0 <= 1 }, allowed: "a confidence 0…1") ?? spec.minConfidence
        spec.longWord = r.choice("long_word", AlignSpec.Overflow.self) ?? spec.longWord
        return spec
    }
}
