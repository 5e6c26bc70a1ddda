import MelshardCore

extension ClipPlanner {
    /// A source as it gives clips: one per source, one per label under `duplicate` (each with a
    /// tag that keeps their clip ids and crop draws apart), or one per word occurrence.
    ///
    /// Positions, not copies: a word corpus gives a unit per occurrence, five million at study
    /// 000's scale, so a unit names its source and its occurrence by position into `Units`
    /// (32 bytes a unit; it was 96 holding a shared copy of the source and of its `WordClip`,
    /// docs/build.md, "Memory").
    struct Unit {
        /// Class indices, ascending; single-label arrays are shared, one per class.
        var labels: [Int]
        /// A track of a mixture corpus: it gives every stem combination of each kept segment.
        var mixture: MixtureUnit?
        /// The source's position in `Units.sources` (for a mixture, its track's anchor stem).
        var source: Int32
        /// The occurrence's position in its source's `wordClips`, or -1 for a whole source.
        var occurrence: Int32 = -1
        /// Under `duplicate`, the class whose name tags the unit; -1 for no tag.
        var tagClass: Int32 = -1
        var placement = GroupAssigner.Placement(split: "train", fold: nil)

        init(source: Int, labels: [Int], occurrence: Int = -1, tagClass: Int = -1, mixture: MixtureUnit? = nil) {
            precondition(
                source <= Int(Int32.max) && occurrence <= Int(Int32.max), "a plan holds at most 2^31 - 1 sources")
            self.labels = labels
            self.mixture = mixture
            self.source = Int32(source)
            self.occurrence = Int32(occurrence)
            self.tagClass = Int32(tagClass)
        }
    }

    /// The planner's units with what their positions point into: the sources and the class names.
    struct Units {
        let sources: [PlanSource]
        let classNames: [String]
        var all: [Unit] = []

        func source(of unit: Unit) -> PlanSource { sources[Int(unit.source)] }

        /// The word occurrence Align placed, with its centred clip; nil for a whole source.
        func word(of unit: Unit) -> WordClip? {
            unit.occurrence < 0 ? nil : sources[Int(unit.source)].wordClips![Int(unit.occurrence)]
        }

        /// What keeps a source's units apart in clip ids and random streams: `word/TOKEN` for an
        /// occurrence, the class name under `duplicate`.
        func tag(of unit: Unit) -> String? {
            if let word = word(of: unit) { return "word/\(word.tokenIndex)" }
            return unit.tagClass < 0 ? nil : classNames[Int(unit.tagClass)]
        }

        func stream(of unit: Unit) -> String {
            let source = source(of: unit)
            return "\(source.corpus)/\(source.path)" + (tag(of: unit).map { "/\($0)" } ?? "")
        }

        func clipID(of unit: Unit, _ k: Int) -> Int64 {
            let source = source(of: unit)
            if let tag = tag(of: unit) { return StableID.of("clip", source.corpus, source.path, tag, String(k)) }
            return StableID.of("clip", source.corpus, source.path, String(k))
        }
    }
}
