extension RecipeLoader {
    /// Stem mixtures tie a corpus's keys to `[task]` and `[clips]`: what each would make of the
    /// other is decided here, before any audio is read.
    static func mixtureProblems(
        corpora: [CorpusSpec], task: TaskSpec, clips: ClipSpec, sampleRate: Int
    ) -> [RecipeError.Problem] {
        var problems: [RecipeError.Problem] = []
        for (i, corpus) in corpora.enumerated() {
            guard let mixtures = corpus.mixtures else { continue }
            let key = "corpus[\(i + 1)].mixtures"
            if task.kind != .multiLabel {
                problems.append(
                    .init(
                        key: key, line: nil,
                        message: "a mixture carries the labels of all its stems; set task.kind = \"multi-label\""))
            }
            if clips.perClass != nil {
                problems.append(
                    .init(
                        key: key, line: nil,
                        message: "clips.per_class does not apply: every kept segment gives every stem "
                            + "combination, so classes are as balanced as the stems' activity; remove per_class"))
            }
            let seconds = clips.lengthSamples.map { Double($0) / Double(sampleRate) } ?? clips.lengthSeconds
            if mixtures.minActiveSeconds > seconds {
                problems.append(
                    .init(
                        key: "corpus[\(i + 1)].mixture_min_active_seconds", line: nil,
                        message:
                            "\(mixtures.minActiveSeconds) s is longer than the \(seconds)-s segment (the clip length); "
                            + "no segment could be kept"))
            }
        }
        return problems
    }
}
