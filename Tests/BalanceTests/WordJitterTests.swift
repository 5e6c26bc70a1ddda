import Balance
import Recipe
import Testing

/// `[clips] word_jitter`: word classes filled to exactly `per_class` by extra clips of their
/// occurrences, each holding the whole word with the margin. The fixture is Common-Voice-like:
/// speakers read sentences, and each word's true position is known (no aligner involved).
/// At 1000 Hz, samples read as milliseconds; clips are 1 s.
@Suite struct WordJitterTests {
    /// One spoken word in a sentence, at its true position (ms).
    struct Word {
        var text: String
        var at: Int
        var length: Int
    }

    /// A sentence of `seconds` by `speaker` holding `words`; the centred clip is placed as Align
    /// places it (centred on the word, clamped to the audio).
    static func sentence(_ path: String, speaker: String, seconds: Double = 4, _ words: [Word]) -> PlanSource {
        let available = Int(seconds * 1000)
        var source = BalanceFixtures.source(
            path, Array(Set(words.map(\.text))).sorted(), seconds: seconds, group: speaker)
        source.wordClips = words.enumerated().map { i, w in
            let centred = min(max(0, w.at + w.length / 2 - 500), available - 1000)
            return WordClip(word: w.text, tokenIndex: i, start: centred, wordStart: w.at, wordEnd: w.at + w.length)
        }
        return source
    }

    /// Five "yes" and three "no" over four speakers, words at varied places.
    static let corpus: [PlanSource] = [
        sentence(
            "s1.mp3", speaker: "alice",
            [Word(text: "yes", at: 300, length: 250), Word(text: "no", at: 2000, length: 200)]),
        sentence("s2.mp3", speaker: "alice", [Word(text: "yes", at: 1500, length: 300)]),
        sentence("s3.mp3", speaker: "bob", [Word(text: "yes", at: 3000, length: 400)]),
        sentence(
            "s4.mp3", speaker: "bob",
            [Word(text: "no", at: 400, length: 350), Word(text: "yes", at: 1200, length: 200)]),
        sentence("s5.mp3", speaker: "carol", [Word(text: "yes", at: 2500, length: 500)]),
        sentence("s6.mp3", speaker: "dave", [Word(text: "no", at: 1800, length: 300)]),
    ]

    static func recipe(perClass: Int = 20, margin: Double = 0.1, gap: Double? = nil, cap: Int? = nil) -> Recipe {
        BalanceFixtures.recipe {
            $0.clips.perClass = perClass
            $0.clips.wordJitter = WordJitterSpec(marginSeconds: margin)
            $0.clips.minGapSeconds = gap
            $0.clips.maxPerSource = cap
        }
    }

    /// The true span of the word a clip was cut for, from the fixture.
    static func truth(of clip: PlannedClip, in sources: [PlanSource], plan: ClipPlan) -> WordClip? {
        let word = plan.labels[clip.labels[0]]
        let occurrences = sources.first { $0.id == clip.sourceID }?.wordClips?.filter { $0.word == word } ?? []
        // The occurrence whose allowed range holds this start (a sentence here says a word once).
        return occurrences.first
    }

    @Test func everyWordClassGetsExactlyNAndEveryClipHoldsItsWordWithTheMargin() throws {
        let plan = try ClipPlanner(recipe: Self.recipe()).plan(Self.corpus)
        #expect(plan.labels == ["no", "yes"])
        #expect(BalanceFixtures.clips(of: "yes", in: plan).count == 20)
        #expect(BalanceFixtures.clips(of: "no", in: plan).count == 20)
        #expect(!plan.rejects.contains { $0.code == "class-short" })
        for clip in plan.clips {
            let word = try #require(Self.truth(of: clip, in: Self.corpus, plan: plan))
            #expect(clip.start >= 0 && clip.start + clip.length <= 4000, "\(clip.start) leaves the audio")
            #expect(clip.start + 100 <= word.wordStart, "\(clip.reason) at \(clip.start): margin before \(word.word)")
            #expect(word.wordEnd + 100 <= clip.start + clip.length, "\(clip.reason) at \(clip.start): margin after")
        }
    }

    /// Extra clips are spread evenly (⌊N/o⌋ or ⌈N/o⌉ per occurrence) and named `word, jitter k of n`.
    @Test func extraClipsAreSpreadEvenlyAndSayWhatTheyAre() throws {
        let plan = try ClipPlanner(recipe: Self.recipe()).plan(Self.corpus)
        for (label, occurrences) in [("yes", 5), ("no", 3)] {
            let clips = BalanceFixtures.clips(of: label, in: plan)
            var perSource: [Int64: Int] = [:]
            for clip in clips { perSource[clip.sourceID, default: 0] += 1 }
            #expect(perSource.count == occurrences)
            #expect(perSource.values.max()! - perSource.values.min()! <= 1, "\(label): \(perSource.values.sorted())")
            let centred = clips.filter { $0.reason == "word" }
            #expect(centred.count == occurrences)
            for clip in clips where clip.reason != "word" {
                let parsed = try #require(WordClipReason.parse(clip.reason), "\(clip.reason)")
                #expect(!parsed.centred && parsed.occurrenceClips == perSource[clip.sourceID])
            }
        }
        let yes = try #require(plan.classes.first { $0.label == "yes" })
        #expect(yes.occurrences == 5 && yes.maxClipsPerOccurrence == 4 && yes.meanClipsPerOccurrence == 4)
        let no = try #require(plan.classes.first { $0.label == "no" })
        #expect(no.occurrences == 3 && no.maxClipsPerOccurrence == 7)
        #expect(abs(no.meanClipsPerOccurrence! - 20.0 / 3) < 1e-12)
    }

    /// Clips of one occurrence start at distinct places, at least `min_gap_seconds` apart.
    @Test func offsetsAreDistinctAndHonourTheGap() throws {
        for gap in [nil, 0.05] as [Double?] {
            let plan = try ClipPlanner(recipe: Self.recipe(gap: gap)).plan(Self.corpus)
            var starts: [String: [Int]] = [:]
            for clip in plan.clips { starts["\(clip.sourceID)/\(clip.labels)", default: []].append(clip.start) }
            for (occurrence, list) in starts {
                let sorted = list.sorted()
                let closest = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.min() ?? .max
                #expect(closest >= (gap == nil ? 1 : 50), "\(occurrence) gap \(String(describing: gap)): \(sorted)")
            }
        }
    }

    /// `max_per_source` caps one occurrence; a word too long to move keeps its centred clip,
    /// and the class that cannot reach N says why.
    @Test func capsAndLongWordsLeaveAShortfallThatSaysWhy() throws {
        let capped = try ClipPlanner(recipe: Self.recipe(cap: 4)).plan(Self.corpus)
        #expect(BalanceFixtures.clips(of: "no", in: capped).count == 12)  // 3 occurrences × 4
        let short = try #require(capped.rejects.first { $0.code == "class-short" && $0.path == "class no" })
        #expect(short.reason.contains("8 short") && short.reason.contains("max_per_source = 4"), "\(short.reason)")

        // A word 100 ms from the start of its audio has exactly one start that keeps the margin.
        let edge = [Self.sentence("edge.mp3", speaker: "eve", [Word(text: "hi", at: 100, length: 300)])]
        #expect(try ClipPlanner(recipe: Self.recipe(perClass: 5)).plan(edge).clips.map(\.start) == [0])

        // An 850-ms word in a 1-s clip has no room for 100 ms on both sides.
        let long = [Self.sentence("long.mp3", speaker: "eve", [Word(text: "hello", at: 1000, length: 850)])]
        let plan = try ClipPlanner(recipe: Self.recipe(perClass: 5)).plan(long)
        #expect(plan.clips.map(\.reason) == ["word"])
        let why = try #require(plan.rejects.first { $0.code == "class-short" })
        #expect(why.reason.contains("word_margin_seconds = 0.1"), "\(why.reason)")
    }

    /// Adding a sentence changes only its word's class, and every speaker stays in one split.
    @Test func addingASentenceMovesOnlyItsClassAndSpeakersStayInOneSplit() throws {
        let recipe = BalanceFixtures.recipe {
            $0.clips.perClass = 20
            $0.clips.wordJitter = WordJitterSpec()
            $0.splits = SplitSpec(train: 0.5, validation: 0.25, test: 0.25)
        }
        let before = try ClipPlanner(recipe: recipe).plan(Self.corpus)
        let more = Self.corpus + [Self.sentence("s7.mp3", speaker: "frank", [Word(text: "no", at: 900, length: 250)])]
        let after = try ClipPlanner(recipe: recipe).plan(more)
        #expect(BalanceFixtures.clips(of: "yes", in: before) == BalanceFixtures.clips(of: "yes", in: after))
        #expect(BalanceFixtures.clips(of: "no", in: after).count == 20)
        #expect(BalanceFixtures.clips(of: "no", in: before) != BalanceFixtures.clips(of: "no", in: after))
        let speaker = Dictionary(uniqueKeysWithValues: more.map { ($0.id, $0.group) })
        var splits: [String: Set<String>] = [:]
        for clip in after.clips { splits[speaker[clip.sourceID]!, default: []].insert(clip.split) }
        #expect(splits.values.allSatisfy { $0.count == 1 }, "\(splits)")
        // The same recipe and sources give the same plan.
        #expect(try ClipPlanner(recipe: recipe).plan(more).clips == after.clips)
    }

    /// Without word_jitter a word class keeps one clip per occurrence, as before.
    @Test func withoutJitterAWordClassKeepsWhatItHas() throws {
        let plan = try ClipPlanner(recipe: BalanceFixtures.recipe { $0.clips.perClass = 20 }).plan(Self.corpus)
        #expect(BalanceFixtures.clips(of: "yes", in: plan).count == 5)
        #expect(plan.clips.allSatisfy { $0.reason == "word" })
        #expect(plan.rejects.filter { $0.code == "class-short" }.count == 2)
    }

    @Test func reasonsRoundTrip() {
        #expect(WordClipReason.parse("word")! == (true, 1))
        #expect(WordClipReason.parse(WordClipReason.jitter(2, of: 5))! == (false, 6))
        #expect(WordClipReason.parse("crop 1 of 3") == nil)
        #expect(WordClipReason.parse("word, jitter x of 5") == nil)
    }
}
