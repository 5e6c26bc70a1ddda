import Foundation
import SQLite
import TestSupport
import Testing

/// The four multi-label policies through a real build of a `table` corpus whose rows carry
/// one or two tags: the clips, their classes and their splits as the index records them.
@Suite struct MultiLabelBuildTests {
    func build(policy: String, kind: String) throws -> CorpusFixture {
        let fixture = try CorpusFixture("policy-\(policy)")
        var rows = ["path,tags,artist"]
        for i in 0..<6 {
            try fixture.audio("a\(i).wav")
            try fixture.audio("b\(i).wav")
            rows += ["a\(i).wav,rock,artist\(i)", "b\(i).wav,jazz;rock,artist\(i)"]
        }
        try fixture.text("tags.csv", rows.joined(separator: "\n") + "\n")
        try fixture.writeRecipe(
            corpus: """
                name = "tags"
                kind = "table"
                manifest = "tags.csv"
                label_column = "tags"
                label_separator = ";"
                group_column = "artist"
                """,
            """
            [task]
            kind = "\(kind)"
            multi_label_policy = "\(policy)"
            """)
        let outcome = try fixture.build()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return fixture
    }

    /// `path labels` per clip, sorted.
    func clips(_ fixture: CorpusFixture) throws -> [String] {
        try Database(path: fixture.output + "/index.sqlite", readOnly: true).execute(
            """
            SELECT s.path, GROUP_CONCAT(l.name, '+'), c.split FROM clips c JOIN sources s ON s.id = c.source_id
            JOIN clip_labels cl ON cl.clip_id = c.id JOIN labels l ON l.id = cl.label_id GROUP BY c.id ORDER BY s.path, 2
            """
        ).map { "\($0[0].text!) \($0[1].text!)" }
    }

    @Test func everyPolicyDoesWhatItSays() throws {
        let kept = try build(policy: "duplicate", kind: "single-label")
        let duplicate = try clips(kept)
        #expect(duplicate.filter { $0.hasPrefix("b0.wav") } == ["b0.wav jazz", "b0.wav rock"] && duplicate.count == 18)
        let first = try clips(build(policy: "first", kind: "single-label"))
        #expect(first.filter { $0.hasPrefix("b") }.allSatisfy { $0.hasSuffix(" jazz") } && first.count == 12)
        let exclude = try build(policy: "exclude", kind: "multi-label")
        #expect(try clips(exclude).count == 6)
        #expect(
            try Database(path: exclude.output + "/index.sqlite", readOnly: true)
                .execute("SELECT COUNT(*) FROM rejects WHERE code = 'several-labels'")[0][0].int == 6)
        let multiHot = try clips(build(policy: "multi-hot", kind: "multi-label"))
        #expect(multiHot.filter { $0.hasPrefix("b0.wav") } == ["b0.wav jazz+rock"] && multiHot.count == 12)
        // An artist's tracks, and a duplicated track's clips, share one split.
        let check = try Melshard.run(["check", kept.output])
        #expect(check.status == 0, "\(check.stdout)")
    }
}
