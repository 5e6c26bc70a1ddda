import Foundation
import MelshardCore

/// Reads sentences with festival (Debian: festival, festvox-kallpc16k), in one batch process.
///
/// festival writes each utterance's wave and prints, for every token of the text (whitespace
/// chunk), the start and end of each word it expanded to ("1999" → nineteen ninety nine), from
/// its own segment timings (`word_start`/`word_end` features). These are the benchmark's truth
/// for festival's half of the corpus.
struct FestivalVoice {
    struct Utterance {
        var wavePath: String
        /// Per whitespace chunk of the text: the token as festival names it and its words' (start, end).
        var chunks: [(name: String, words: [(Double, Double)])]
    }

    /// `sentences[i]` is read with festival's `Duration_Stretch` `stretches[i]` into `directory`.
    static func synthesize(
        _ sentences: [String], stretches: [Double], directory: String
    ) throws(AlignError) -> [Utterance] {
        var script = ""
        for (i, sentence) in sentences.enumerated() {
            let text = ascii(sentence).replacingOccurrences(of: "\\", with: " ").replacingOccurrences(
                of: "\"", with: " ")
            let wave = "\(directory)/festival-\(i).wav"
            script += """
                (Parameter.set 'Duration_Stretch \(stretches[i]))
                (set! utt (SynthText "\(text)"))
                (utt.save.wave utt "\(wave)" 'riff)
                (format t "UTT\\t%d\\n" \(i))
                (mapcar (lambda (tok) (if (item.daughters tok) (begin (format t "TOK\\t%s" (item.name tok)) (mapcar (lambda (w) (format t "\\t%f %f" (item.feat w "word_start") (item.feat w "word_end"))) (item.daughters tok)) (format t "\\n")))) (utt.relation.items utt 'Token))

                """
        }
        let scriptPath = "\(directory)/festival.scm"
        do { try script.write(toFile: scriptPath, atomically: true, encoding: .utf8) } catch {
            throw AlignError(.synthesis("cannot run festival: \(error)"), context: scriptPath)
        }
        let data: Data
        do throws(ChildProcessError) {
            data = try ChildProcess("festival", ["-b", scriptPath]).run().stdout
        } catch {
            throw AlignError(.synthesis(error.description), context: scriptPath)
        }
        var utterances = sentences.indices.map { Utterance(wavePath: "\(directory)/festival-\($0).wav", chunks: []) }
        var current = -1
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.first == "UTT", fields.count == 2 { current = Int(fields[1]) ?? -1; continue }
            guard fields.first == "TOK", current >= 0, fields.count >= 2 else { continue }
            // Punctuation tokens come out as words timed 0–0; drop them.
            let words: [(Double, Double)] = fields.dropFirst(2).compactMap { field in
                let parts = field.split(separator: " ").compactMap { Double($0) }
                return parts.count == 2 && parts[1] > 0 ? (parts[0], parts[1]) : nil
            }
            if !words.isEmpty { utterances[current].chunks.append((String(fields[1]), words)) }
        }
        return utterances
    }

    /// festival reads Latin-1 text: curly apostrophes become straight ones.
    static func ascii(_ text: String) -> String {
        String(text.map { TextNormalizer.apostrophes.contains($0) ? "'" : $0 })
    }
}
