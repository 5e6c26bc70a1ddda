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
    /// The `word_spans` rows, set aside in a scratch file by a run that writes them (five
    /// million rows at study 000's scale); nil on a dry run, which hashes them into `spansKey`
    /// and drops them.
    var spans: WordSpanSpool?
    /// Every span's row as it was made, in order: the plan key's share of the spans.
    var spansKey = ContentKey.Builder()
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
    /// Align outcomes are committed this many at a time: a killed build keeps most of its
    /// alignments, and a corpus of a million sentences never holds all their rows at once.
    static let alignBatch = 4096

    /// This melshard, for `melshard align synthesize`.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Chooses the target words from the aligned corpora's sentences, locates each occurrence in
    /// its recording (cached per sentence and audio), and centres a clip on it.
    func alignWords(ingest: IngestResult, index: Index?, report: inout BuildReport) throws -> AlignResult {
        guard let spec = recipe.align else { return AlignResult() }
        let names = Set(spec.corpora ?? recipe.corpora.filter { $0.kind == .commonVoice }.map(\.name))
        var result = AlignResult(
            corpora: names, spans: options.dryRun ? nil : try WordSpanSpool(directory: scratchDirectory))
        // Positions into `ingest.accepted` and the texts, not copies of the sources: a
        // Common Voice release runs to a million sentences (docs/build.md, "Memory").
        var sentences: [(position: Int, text: String)] = []
        for (position, (candidate, _)) in ingest.accepted.enumerated() where names.contains(candidate.corpus) {
            guard let text = candidate.attributes["sentence"] else {
                result.rejects.append(
                    Reject(
                        corpus: candidate.corpus, path: candidate.path, stage: .align, code: "no-sentence",
                        reason: "the source has no sentence to align (its corpus gives no `sentence` attribute)"))
                continue
            }
            sentences.append((position, text))
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
        let vocabulary = Vocabulary.choose(rule, texts: sentences.lazy.map(\.text))

        // Sentences without a target word have no unit.
        var aligned: [SentenceToAlign] = []
        for (position, text) in sentences {
            let words = vocabulary.targets(in: text)
            guard !words.isEmpty else {
                let candidate = ingest.accepted[position].candidate
                result.rejects.append(
                    Reject(
                        corpus: candidate.corpus, path: candidate.path, stage: .align, code: "no-target-word",
                        reason: "the sentence holds none of the \(vocabulary.words.count) target words"))
                continue
            }
            aligned.append(SentenceToAlign(position: position, text: text, targets: words))
        }
        sentences = []

        // The reference reading comes from a fresh process per sentence: libespeak-ng carries
        // state between utterances, and the order sentences are read in depends on --jobs.
        let aligner = WordAligner(
            method: AlignmentMethod(rawValue: spec.method.rawValue)!,
            voice: .isolated(executable: Self.executablePath))
        let loader = AudioLoader(
            targetRate: Self.alignRate, resampler: recipe.features.parameters.resampler,
            channel: recipe.features.parameters.channel)
        let units = try UnitRunner<AlignOutcome>(stage: Self.alignStage, index: index, dryRun: options.dryRun)
        let accepted = ingest.accepted
        var outcomes = try units.run(
            aligned, name: { Self.unitName(accepted[$0.position].candidate) },
            key: { item in
                var key = ContentKey.Builder()
                for (name, value) in [
                    ("stage", Self.alignStage), ("version", Self.alignVersion),
                    ("audio", accepted[item.position].probed.contentHash), ("sentence", item.text),
                    ("targets", item.targets.joined(separator: "\n")), ("method", spec.method.rawValue),
                ] {
                    key.add(name, value)
                }
                // Placed from the probed length, not the decoded audio: a file that would not
                // decode no longer fails here, so such outcomes are not the earlier ones.
                if aligner.needsOnlyLength { key.add("input", "probed length") }
                return key.finish()
            }, why: ("new sentence", "audio, sentence, targets or method changed"), jobs: options.jobs,
            commitEvery: Self.alignBatch, progressEvery: 64,
            progress: progress, report: &report
        ) { item -> AlignOutcome in
            let (candidate, probed) = accepted[item.position]
            let targets = Set(item.targets)
            func reject(_ code: String, _ reason: String) -> AlignOutcome {
                .reject(
                    Reject(
                        corpus: candidate.corpus, path: candidate.path, stage: .align, code: code, reason: reason))
            }
            // The study's proportional rule needs only the length: no decoding, so that a corpus of
            // a million sentences aligns in seconds (docs/align.md). A file that does not decode
            // is then rejected when its clips are cut (stage features), not here.
            if aligner.needsOnlyLength {
                do {
                    return .spans(
                        try aligner.align(
                            sentence: item.text,
                            sampleCount: loader.resampledLength(
                                frames: Int(probed.frames), sampleRate: probed.sampleRate),
                            sampleRate: Self.alignRate, targets: targets))
                } catch {
                    return reject("alignment-failed", "\(error)")
                }
            }
            let audio: DecodedAudio
            do throws(AudioError) { audio = try loader.load(candidate.absolutePath) } catch {
                return reject(error.reason.code, error.reason.description)
            }
            do {
                return .spans(
                    try aligner.align(
                        sentence: item.text, audio: audio.samples, sampleRate: Self.alignRate, targets: targets))
            } catch {
                return reject("alignment-failed", "\(error)")
            }
        }
        // Only the positions are needed from here; the sentences' texts and targets go.
        let positions = aligned.map(\.position)
        aligned = []
        // Each sentence's outcome is dropped once its rows and clips are made, so that the heap
        // reuses its memory for the next sentence's: the five million spans of a study-size
        // corpus are not held twice, once as outcomes and once as rows (docs/build.md, "Memory").
        let policy = cropPolicy(spec)
        let rate = Double(recipe.features.parameters.sampleRate)
        for i in outcomes.indices {
            guard let outcome = outcomes[i] else { continue }
            outcomes[i] = nil
            try result.append(
                clipsOf: accepted[positions[i]], outcome, policy: policy, clipSamples: recipe.clipSamples, rate: rate)
        }
        return result
    }

    private func cropPolicy(_ spec: AlignSpec) -> CropPolicy {
        CropPolicy(
            shortSource: recipe.clips.short == .pad ? .pad : .reject, longWord: spec.longWord == .pad ? .pad : .reject,
            minimumConfidence: spec.minConfidence)
    }
}

/// A sentence to align: its source's position in `IngestResult.accepted`, its text, and the
/// target words it holds (each once, sorted).
struct SentenceToAlign: Sendable {
    var position: Int
    var text: String
    var targets: [String]
}

extension AlignResult {
    /// Clips centred on each aligned word of one sentence, as the recipe's padding rules and
    /// confidence floor say, and a reject for the sentence or each word that gives none.
    mutating func append(
        clipsOf s: (candidate: SourceCandidate, probed: ProbedSource), _ outcome: AlignOutcome, policy: CropPolicy,
        clipSamples: Int, rate: Double
    ) throws(FileError) {
        let id = s.candidate.id
        switch outcome {
        case .reject(let reject): rejects.append(reject)
        case .spans(let spans):
            let seconds = Double(s.probed.frames) / Double(s.probed.sampleRate)
            // Room for every span's clip at once: an array grown by appending doubles its
            // room, so up to twice what a sentence's clips need was held (docs/build.md, "Memory").
            var placed = clips[id] ?? []
            placed.reserveCapacity(placed.count + spans.count)
            defer { if !placed.isEmpty { clips[id] = placed } }
            for span in spans {
                let row = WordSpanRow(
                    sourceID: id, word: span.word, startSeconds: span.time.start, endSeconds: span.time.end,
                    score: span.confidence, method: span.method.rawValue)
                spansKey.add("span", row.keyField)
                try self.spans?.append(row)
                switch CropPlacement.clip(
                    for: span, sourceSeconds: seconds, clipSeconds: Double(clipSamples) / rate, policy: policy)
                {
                case .success(let crop):
                    let start = Int((crop.start * rate).rounded())
                    let wordStart = Int((span.time.start * rate).rounded(.down))
                    let wordEnd = Int((span.time.end * rate).rounded(.up))
                    guard
                        WordClip.fits(tokenIndex: span.tokenIndex, start: start, wordStart: wordStart, wordEnd: wordEnd)
                    else {
                        rejects.append(
                            Reject(
                                corpus: s.candidate.corpus, path: s.candidate.path, stage: .align,
                                code: "word-out-of-range",
                                reason:
                                    "'\(span.word)' (word \(span.tokenIndex + 1)) ends at sample \(wordEnd), past the "
                                    + "2,147,483,647 samples a word clip can address"))
                        continue
                    }
                    placed.append(
                        WordClip(
                            word: span.word, tokenIndex: span.tokenIndex, start: start, wordStart: wordStart,
                            wordEnd: wordEnd))
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

extension WordSpanRow {
    /// The row as the plan key hashes it.
    var keyField: String { "\(sourceID)\t\(word)\t\(startSeconds)\t\(endSeconds)\t\(score ?? -1)" }
}
