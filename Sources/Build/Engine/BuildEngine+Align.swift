import Align
import AudioDSP
import Balance
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
enum AlignOutcome: Codable {
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
        var sentences: [Sentence] = []
        for (candidate, probed) in ingest.accepted where names.contains(candidate.corpus) {
            guard let text = candidate.attributes["sentence"] else {
                result.rejects.append(
                    Reject(
                        corpus: candidate.corpus, path: candidate.path, stage: .align, code: "no-sentence",
                        reason: "the source has no sentence to align (its corpus gives no `sentence` attribute)"))
                continue
            }
            sentences.append((candidate, probed, text))
        }

        let rule: VocabularyRule
        do {
            let stop =
                try spec.stopWords.map { path throws(AlignError) in Set(try VocabularyRule.readWordList(path)) } ?? []
            let source: VocabularyRule.Source =
                try spec.words.map { path throws(AlignError) in .list(try VocabularyRule.readWordList(path)) }
                ?? .topK(spec.topK ?? 1)
            rule = VocabularyRule(source: source, minimumClips: spec.minOccurrences, stopWords: stop)
        } catch {
            throw BuildError.align("\(error)")
        }
        let vocabulary = Vocabulary.select(rule, sentences: sentences.map { (Self.unitName($0.candidate), $0.text) })
        var targets: [String: Set<String>] = [:]
        for occurrence in vocabulary.occurrences { targets[occurrence.sentenceID, default: []].insert(occurrence.word) }

        // Sentences without a target word have no unit.
        var aligned: [(sentence: Sentence, targets: Set<String>)] = []
        for s in sentences {
            guard let words = targets[Self.unitName(s.candidate)] else {
                result.rejects.append(
                    Reject(
                        corpus: s.candidate.corpus, path: s.candidate.path, stage: .align, code: "no-target-word",
                        reason: "the sentence holds none of the \(vocabulary.words.count) target words"))
                continue
            }
            aligned.append((s, words))
        }

        // The reference reading comes from a fresh process per sentence: libespeak-ng carries
        // state between utterances, and the order sentences are read in depends on --jobs.
        let aligner = WordAligner(
            method: AlignmentMethod(rawValue: spec.method.rawValue)!,
            voice: .isolated(executable: Self.executablePath))
        let loader = AudioLoader(
            targetRate: Self.alignRate, resampler: recipe.features.parameters.resampler,
            channel: recipe.features.parameters.channel)
        let units = try UnitRunner<AlignOutcome>(stage: Self.alignStage, index: index, dryRun: options.dryRun)
        let outcomes = try units.run(
            aligned, name: { Self.unitName($0.sentence.candidate) },
            key: { item in
                ContentKey.of([
                    "stage": Self.alignStage, "version": Self.alignVersion, "audio": item.sentence.probed.contentHash,
                    "sentence": item.sentence.text, "targets": item.targets.sorted().joined(separator: "\n"),
                    "method": spec.method.rawValue,
                ])
            }, why: ("new sentence", "audio, sentence, targets or method changed"), jobs: options.jobs,
            progressEvery: 64,
            progress: progress, report: &report
        ) { item -> AlignOutcome in
            let s = item.sentence
            func reject(_ code: String, _ reason: String) -> AlignOutcome {
                .reject(
                    Reject(
                        corpus: s.candidate.corpus, path: s.candidate.path, stage: .align, code: code, reason: reason))
            }
            let audio: DecodedAudio
            do throws(AudioError) { audio = try loader.load(s.candidate.absolutePath) } catch {
                return reject(error.reason.code, error.reason.description)
            }
            do {
                return .spans(
                    try aligner.align(
                        sentence: s.text, audio: audio.samples, sampleRate: Self.alignRate,
                        targets: item.targets))
            } catch {
                return reject("alignment-failed", "\(error)")
            }
        }
        result.append(
            clipsFor: zip(aligned.map(\.sentence), outcomes), policy: cropPolicy(spec), clipSamples: recipe.clipSamples,
            rate: Double(recipe.features.parameters.sampleRate))
        return result
    }

    private func cropPolicy(_ spec: AlignSpec) -> CropPolicy {
        CropPolicy(
            shortSource: recipe.clips.short == .pad ? .pad : .reject, longWord: spec.longWord == .pad ? .pad : .reject,
            minimumConfidence: spec.minConfidence)
    }
}

/// A sentence to align: its source, as probed, and its text.
typealias Sentence = (candidate: SourceCandidate, probed: ProbedSource, text: String)

extension AlignResult {
    /// Clips centred on each aligned word, as the recipe's padding rules and confidence floor say,
    /// and a reject for each sentence or word that gives none.
    mutating func append(
        clipsFor outcomes: some Sequence<(Sentence, AlignOutcome?)>, policy: CropPolicy, clipSamples: Int,
        rate: Double
    ) {
        for (s, outcome) in outcomes {
            guard let outcome else { continue }
            let id = s.candidate.id
            switch outcome {
            case .reject(let reject): rejects.append(reject)
            case .spans(let spans):
                let seconds = Double(s.probed.frames) / Double(s.probed.sampleRate)
                for span in spans {
                    self.spans.append(
                        WordSpanRow(
                            sourceID: id, word: span.word, startSeconds: span.time.start, endSeconds: span.time.end,
                            score: span.confidence, method: span.method.rawValue))
                    switch CropPlacement.clip(
                        for: span, sourceSeconds: seconds, clipSeconds: Double(clipSamples) / rate, policy: policy)
                    {
                    case .success(let crop):
                        clips[id, default: []].append(
                            WordClip(
                                word: span.word, tokenIndex: span.tokenIndex, start: Int((crop.start * rate).rounded()),
                                wordStart: Int((span.time.start * rate).rounded(.down)),
                                wordEnd: Int((span.time.end * rate).rounded(.up))))
                    case .failure(let why):
                        let code =
                            switch why {
                            case .lowConfidence: "low-confidence"
                            case .sourceTooShort: "shorter-than-clip"
                            case .wordTooLong: "word-longer-than-clip"
                            }
                        rejects.append(
                            Reject(
                                corpus: s.candidate.corpus, path: s.candidate.path, stage: .align, code: code,
                                reason: "'\(span.word)' (word \(span.tokenIndex + 1)): \(why.description)"))
                    }
                }
            }
        }
    }
}
