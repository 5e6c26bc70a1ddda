import Align
import Balance
import Features
import Foundation
import Index
import Ingest
import MelshardCore
import Recipe

/// What the align stage leaves for planning and the index.
struct AlignResult {
    /// The aligned corpora: their sources give word clips or nothing.
    var corpora: Set<String> = []
    /// Word clips by source id, for sources with at least one target word that placed.
    var clips: [Int64: [WordClip]] = [:]
    var spans: [WordSpanRow] = []
    var rejects: [Reject] = []
}

/// A sentence's alignment as cached in `units`: the target words' spans, or why there are none.
private enum AlignOutcome: Codable {
    case spans([WordSpan])
    case reject(Reject)
}

extension BuildEngine {
    static let alignStage = "align"
    /// Bumped when alignment results can change for the same inputs. 2: MFCCs normalised once,
    /// over the slice DTW uses (confidences move by about 5e-8).
    static let alignVersion = "2"
    /// Alignment runs at one rate whatever the features' rate, so a span does not move when a
    /// feature parameter changes.
    static let alignRate = 16_000

    /// This melshard, for `melshard align synthesize`.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Chooses the target words from the aligned corpora's sentences, locates each occurrence in
    /// its recording (cached per sentence and audio), and centres a clip on it.
    func alignWords(ingest: IngestResult, index: Index?, report: inout BuildReport) throws -> AlignResult {
        guard let spec = recipe.align else { return AlignResult() }
        let names = Set(spec.corpora ?? recipe.corpora.filter { $0.kind == .commonVoice }.map(\.name))
        var result = AlignResult(corpora: names)
        var sentences: [(candidate: SourceCandidate, probed: ProbedSource, text: String)] = []
        for (candidate, probed) in ingest.accepted where names.contains(candidate.corpus) {
            guard let text = candidate.attributes["sentence"] else {
                result.rejects.append(Reject(corpus: candidate.corpus, path: candidate.path, stage: .align, code: "no-sentence",
                                             reason: "the source has no sentence to align (its corpus gives no `sentence` attribute)"))
                continue
            }
            sentences.append((candidate, probed, text))
        }

        let rule: VocabularyRule
        do {
            let stop = try spec.stopWords.map { path throws(AlignError) in Set(try VocabularyRule.readWordList(path)) } ?? []
            let source: VocabularyRule.Source = try spec.words.map { path throws(AlignError) in .list(try VocabularyRule.readWordList(path)) }
                ?? .topK(spec.topK ?? 1)
            rule = VocabularyRule(source: source, minimumClips: spec.minOccurrences, stopWords: stop)
        } catch {
            throw BuildError.align("\(error)")
        }
        let vocabulary = Vocabulary.select(rule, sentences: sentences.map { (Self.unitName($0.candidate), $0.text) })
        var targets: [String: Set<String>] = [:]
        for occurrence in vocabulary.occurrences { targets[occurrence.sentenceID, default: []].insert(occurrence.word) }

        let cached = try UnitCache(stage: Self.alignStage, index: index)
        var outcomes: [String: AlignOutcome] = [:]
        var pending: [(sentence: Int, key: ContentKey)] = []
        for (i, s) in sentences.enumerated() {
            let name = Self.unitName(s.candidate)
            guard let words = targets[name] else {
                result.rejects.append(Reject(corpus: s.candidate.corpus, path: s.candidate.path, stage: .align, code: "no-target-word",
                                             reason: "the sentence holds none of the \(vocabulary.words.count) target words"))
                continue
            }
            let key = ContentKey.of(["stage": Self.alignStage, "version": Self.alignVersion, "audio": s.probed.contentHash, "sentence": s.text,
                                     "targets": words.sorted().joined(separator: "\n"), "method": spec.method.rawValue])
            if let outcome = cached.reuse(name, key: key, as: AlignOutcome.self, whyNew: "new sentence",
                                          whyChanged: "audio, sentence, targets or method changed", report: &report) {
                outcomes[name] = outcome
            } else {
                pending.append((i, key))
            }
        }

        // The reference reading comes from a fresh process per sentence: libespeak-ng carries
        // state between utterances, and the order sentences are read in depends on --jobs.
        let aligner = WordAligner(method: AlignmentMethod(rawValue: spec.method.rawValue)!,
                                  voice: .isolated(executable: Self.executablePath))
        let loader = AudioLoader(targetRate: Self.alignRate, resampler: recipe.features.parameters.resampler,
                                 channel: recipe.features.parameters.channel)
        if !pending.isEmpty { progress?(BuildProgress(stage: "align", done: 0, total: pending.count)) }
        var units: [UnitRow] = []
        var done = 0
        let work = pending.map { (sentence: sentences[$0.sentence], targets: targets[Self.unitName(sentences[$0.sentence].candidate)]) }
        WorkerPool.run(work, jobs: options.jobs, work: { item -> AlignOutcome in
            let s = item.sentence
            func reject(_ code: String, _ reason: String) -> AlignOutcome {
                .reject(Reject(corpus: s.candidate.corpus, path: s.candidate.path, stage: .align, code: code, reason: reason))
            }
            let audio: DecodedAudio
            do throws(AudioError) { audio = try loader.load(s.candidate.absolutePath) } catch {
                return reject(error.reason.code, error.reason.description)
            }
            do {
                return .spans(try aligner.align(sentence: s.text, audio: audio.samples, sampleRate: Self.alignRate,
                                                targets: item.targets))
            } catch {
                return reject("alignment-failed", "\(error)")
            }
        }) { i, outcome in
            let name = Self.unitName(sentences[pending[i].sentence].candidate)
            outcomes[name] = outcome
            units.append(cached.row(name, key: pending[i].key, outcome: outcome))
            done += 1
            if done % 64 == 0 || done == pending.count { progress?(BuildProgress(stage: "align", done: done, total: pending.count)) }
        }
        try cached.store(units, keeping: Set(sentences.map { Self.unitName($0.candidate) }), in: index, dryRun: options.dryRun)

        // Clips: centred on each word, as the recipe's padding rules and confidence floor say.
        let rate = Double(recipe.features.parameters.sampleRate)
        let policy = CropPolicy(shortSource: recipe.clips.short == .pad ? .pad : .reject, longWord: spec.longWord == .pad ? .pad : .reject,
                                minimumConfidence: spec.minConfidence)
        for s in sentences {
            let name = Self.unitName(s.candidate)
            guard let outcome = outcomes[name] else { continue }
            let id = s.candidate.id
            switch outcome {
            case .reject(let reject): result.rejects.append(reject)
            case .spans(let spans):
                let seconds = Double(s.probed.frames) / Double(s.probed.sampleRate)
                for span in spans {
                    result.spans.append(WordSpanRow(sourceID: id, word: span.word, startSeconds: span.time.start, endSeconds: span.time.end,
                                                    score: span.confidence))
                    switch CropPlacement.clip(for: span, sourceSeconds: seconds, clipSeconds: Double(recipe.clipSamples) / rate, policy: policy) {
                    case .success(let crop):
                        result.clips[id, default: []].append(WordClip(word: span.word, tokenIndex: span.tokenIndex,
                                                                      start: Int((crop.start * rate).rounded())))
                    case .failure(let why):
                        let code = switch why {
                        case .lowConfidence: "low-confidence"
                        case .sourceTooShort: "shorter-than-clip"
                        case .wordTooLong: "word-longer-than-clip"
                        }
                        result.rejects.append(Reject(corpus: s.candidate.corpus, path: s.candidate.path, stage: .align, code: code,
                                                     reason: "'\(span.word)' (word \(span.tokenIndex + 1)): \(why.description)"))
                    }
                }
            }
        }
        return result
    }
}
