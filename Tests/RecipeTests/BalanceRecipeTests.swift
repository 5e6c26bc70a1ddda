import Foundation
import Recipe
import TestSupport
import Testing

/// The Balance keys: `[classes]`, the new `[clips]` keys, `task.multi_label_policy`, kfold.
@Suite struct BalanceRecipeTests {
    let directory = TemporaryDirectory("balance-recipe")
    let minimal = "[[corpus]]\nname = \"music\"\nkind = \"folder\"\nroot = \"data\"\n"

    func load(_ text: String) throws -> Recipe {
        let path = directory.file("r.toml")
        try (minimal + text).write(toFile: path, atomically: true, encoding: .utf8)
        return try RecipeLoader.load(path: path)
    }

    func problems(_ text: String) -> [String] {
        do {
            _ = try load(text)
            return []
        } catch let error as RecipeError {
            return error.problems.map(\.description)
        } catch {
            Issue.record("unexpected \(error)")
            return []
        }
    }

    @Test func defaultsKeepTodaysBehaviour() throws {
        let r = try load("")
        #expect(
            r.classes.isEmpty && r.clips.perClass == nil && r.clips.minGapSeconds == nil && r.clips.maxPerSource == nil)
        #expect(!r.clips.alignToHop && r.task.policy == .exclude && r.splits.stratify && r.splits.folds == nil)
        #expect(try load("[task]\nkind = \"multi-label\"\n").task.policy == .multiHot)
    }

    @Test func everyBalanceKeyIsRead() throws {
        let r = try load(
            """
            [task]
            kind = "multi-label"
            multi_label_policy = "duplicate"

            [classes]
            merge = { "Rumba-A" = "Rumba", "Rumba-B" = "Rumba" }
            allow = ["Rumba", "Waltz"]
            deny = ["Tango"]
            min_sources = 401
            top_k = 61

            [clips]
            per_class = 15000
            min_gap_seconds = 0.5
            max_per_source = 40
            align_to_hop = true

            [splits]
            method = "kfold"
            folds = 10
            stratify = false
            """)
        #expect(
            r.classes
                == ClassSelection(
                    merge: ["Rumba-A": "Rumba", "Rumba-B": "Rumba"], allow: ["Rumba", "Waltz"], deny: ["Tango"],
                    minSources: 401, topK: 61))
        #expect(
            r.clips.perClass == 15000 && r.clips.minGapSeconds == 0.5 && r.clips.maxPerSource == 40
                && r.clips.alignToHop)
        #expect(r.task.policy == .duplicate)
        #expect(r.splits.method == .kfold && r.splits.folds == 10 && !r.splits.stratify)
    }

    @Test func contradictionsAreReportedTogether() {
        let found = problems(
            """
            [task]
            multi_label_policy = "multi-hot"

            [classes]
            merge = { a = "b", b = "c" }
            allow = ["x", "y"]
            deny = ["y"]
            min_source = 3

            [clips]
            per_class = 10
            per_source = 2

            [splits]
            method = "kfold"
            """)
        let expected = [
            "task.multi_label_policy: \"multi-hot\" needs kind = \"multi-label\"",
            "classes.merge: 'a' → 'b' → 'c': merge is applied once",
            "classes.deny: y is both allowed and denied",
            "classes.min_source: unknown key",
            "clips.per_source: give per_source (clips from every source) or per_class",
            "clips.per_class: per_class balances one class per clip",
            "splits.method: \"kfold\" needs folds = K",
        ]
        for text in expected { #expect(found.contains { $0.hasPrefix(text) }, "\(text) not in \(found)") }
        #expect(found.count == expected.count, "\(found)")
    }

    @Test func foldsAndCapsAreCheckedAgainstTheirContext() {
        #expect(problems("[splits]\nfolds = 5\n") == ["splits.folds: folds is read only with method = \"kfold\""])
        #expect(
            problems("[clips]\nper_source = 5\nmax_per_source = 2\n") == [
                "clips.max_per_source: 2 is below per_source = 5; lower per_source instead"
            ])
        #expect(
            problems("[clips]\nmin_gap_seconds = -1\n").first?.hasPrefix("clips.min_gap_seconds: -1.0 is not allowed")
                == true)
        #expect(
            problems("[classes]\nallow = []\n").first?.hasPrefix("classes.allow: an empty list keeps no class") == true)
    }

    /// A NUL would be cut in the index but kept in the card, as in a manifest (issue 17, defect 7).
    @Test func namesAndLabelsCannotHoldANUL() {
        #expect(
            problems("[task]\nlabels = [\"a\\u0000x\", \"a\\u0000y\"]\n") == [
                "task.labels: holds a NUL character (\\u0000), which names and labels cannot carry"
            ])
        #expect(
            problems("[task]\nkind = \"single-label\\u0000\"\n") == [
                "task.kind: holds a NUL character (\\u0000), which names and labels cannot carry"
            ])
    }

    @Test func wordJitterIsReadWithItsMarginAndNeedsPerClass() throws {
        #expect(try load("[clips]\nper_class = 10\n").clips.wordJitter == nil)
        #expect(
            try load("[clips]\nper_class = 10\nword_jitter = true\n").clips.wordJitter
                == WordJitterSpec(marginSeconds: 0.1))
        let set = try load("[clips]\nper_class = 10\nword_jitter = true\nword_margin_seconds = 0.25\n")
        #expect(set.clips.wordJitter == WordJitterSpec(marginSeconds: 0.25))
        #expect(
            problems("[clips]\nword_jitter = true\n") == [
                "clips.word_jitter: fills word classes up to per_class; set clips.per_class"
            ])
        #expect(
            problems("[clips]\nper_class = 10\nword_margin_seconds = 0.1\n") == [
                "clips.word_margin_seconds: is read only with word_jitter = true"
            ])
        #expect(
            problems("[clips]\nper_class = 10\nword_jitter = true\nword_margin_seconds = -1\n").first?.hasPrefix(
                "clips.word_margin_seconds: -1.0 is not allowed") == true)
    }

    @Test func stemMixtureKeysAreReadAndCheckedAgainstTaskAndClips() throws {
        let musdb = "[[corpus]]\nname = \"musdb\"\nkind = \"musdb\"\nroot = \"m\"\nmixtures = true\n"
        let r = try load(
            musdb + "mixture_threshold_db = -50\n[task]\nkind = \"multi-label\"\n[clips]\nlength_seconds = 10\n")
        #expect(r.corpora[1].mixtures == StemMixtureSpec(minActiveSeconds: 5, thresholdDB: -50, frameSeconds: 0.1))
        #expect(r.corpora[0].mixtures == nil)
        #expect(
            try load(
                musdb.replacingOccurrences(of: "mixtures = true", with: "mixtures = false")
                    + "[task]\nkind = \"multi-label\"\n"
            )
            .corpora[1].mixtures == nil)

        let wrong = problems(
            musdb + """
                stems = ["mixture", "vocals"]
                mixture_min_active_seconds = 3
                mixture_frame_seconds = 0
                [clips]
                length_seconds = 2
                per_class = 10
                """)
        #expect(wrong.contains { $0.hasPrefix("corpus[2].stems:") && $0.contains("\"mixture\" is the whole mix") })
        #expect(wrong.contains { $0.hasPrefix("corpus[2].mixture_frame_seconds:") })
        #expect(wrong.contains { $0.hasPrefix("corpus[2].mixtures:") && $0.contains("task.kind = \"multi-label\"") })
        #expect(wrong.contains { $0.hasPrefix("corpus[2].mixtures:") && $0.contains("per_class") })
        #expect(
            wrong.contains {
                $0.hasPrefix("corpus[2].mixture_min_active_seconds:") && $0.contains("longer than the 2.0-s segment")
            })
        #expect(
            problems(musdb.replacingOccurrences(of: "mixtures = true\n", with: "") + "mixture_threshold_db = -30\n")
                .contains { $0.hasPrefix("corpus[2].mixtures:") && $0.contains("only with mixtures = true") })
    }
}
