import Foundation
import MelshardCore
import Recipe
import TestSupport
import Testing

@testable import Ingest

@Suite struct BallroomCorpusTests {
    /// The files of a small `BallroomData/`: the cross-class exact replica, a recording replica
    /// inside Rumba-International, and one file per remaining kind of folder.
    static let files = [
        "ChaChaCha/Albums-Fire-08", "Samba/Albums-Fire-09",
        "Rumba-International/Albums-AnaBelen_Veneo-03", "Rumba-International/Albums-AnaBelen_Veneo-15",
        "Rumba-American/Media-100201", "Rumba-Misc/Media-100301", "Jive/Media-100401",
    ]

    /// Writes `BallroomData/` (under `folder`) with `allBallroomFiles` in the archive's form:
    /// `./` prefixes, here with CRLF endings, and one line naming a file that is not there.
    @discardableResult
    func writeCorpus(_ fixture: CorpusFixture, under folder: String = "", list: Bool = true) throws -> String {
        let base = folder.isEmpty ? "BallroomData/" : folder + "/BallroomData/"
        for name in Self.files { try fixture.audio(base + name + ".wav") }
        if list {
            let lines = Self.files.map { "./\($0).wav" } + ["./Jive/Media-100499.wav"]
            try fixture.text(base + "allBallroomFiles", lines.joined(separator: "\r\n") + "\r\n")
        }
        return base
    }

    func scanAt(
        _ fixture: CorpusFixture, _ folder: String, _ options: BallroomOptions = BallroomOptions()
    ) throws -> CorpusScan {
        try CorpusReader.scan(
            CorpusSpec(name: "c", kind: .ballroom, root: fixture.root + "/" + folder, options: .ballroom(options)),
            context: IngestContext(workDirectory: nil))
    }

    func codes(_ scan: CorpusScan) -> [String] {
        scan.rejects.map { "\($0.code) \($0.path)" + ($0.line.map { ":\($0)" } ?? "") + ($0.kept ? " kept" : "") }
            .sorted()
    }

    func byName(_ scan: CorpusScan) -> [String: SourceCandidate] {
        Dictionary(uniqueKeysWithValues: scan.candidates.map { (($0.path as NSString).lastPathComponent, $0) })
    }

    @Test func theFileListGivesLabelsWithRumbaMergedAndTheOriginalFolder() throws {
        let fixture = try CorpusFixture("ballroom-list")
        try writeCorpus(fixture)
        try fixture.text("BallroomData/README", "ISMIR 2004 tempo contest")

        let scan = try scan(fixture, .ballroom(BallroomOptions()))
        let found = byName(scan)
        #expect(scan.candidates.count == 7)
        #expect(found["Media-100201.wav"]?.labels == ["Rumba"])
        #expect(found["Media-100201.wav"]?.attributes == ["folder": "Rumba-American"])
        #expect(found["Media-100301.wav"]?.labels == ["Rumba"])
        #expect(found["Albums-AnaBelen_Veneo-03.wav"]?.labels == ["Rumba"])
        #expect(found["Albums-Fire-08.wav"]?.labels == ["ChaChaCha"])
        #expect(found["Media-100401.wav"]?.path == "BallroomData/Jive/Media-100401.wav")
        #expect(found["Media-100401.wav"]?.origin == ManifestOrigin(manifest: "BallroomData/allBallroomFiles", line: 7))
        #expect(scan.candidates.allSatisfy { $0.officialSplit == nil })
        #expect(codes(scan) == ["missing-file BallroomData/allBallroomFiles:8"])
        #expect(scan.rejects[0].reason.contains("Jive/Media-100499.wav"))
        #expect(scan.ignoredFiles == 1)  // README
    }

    @Test func mergeRumbaOffKeepsTheTenFolderNames() throws {
        let fixture = try CorpusFixture("ballroom-nomerge")
        try writeCorpus(fixture)
        let scan = try scan(fixture, .ballroom(BallroomOptions(mergeRumba: false)))
        #expect(
            Set(scan.candidates.flatMap(\.labels)) == [
                "ChaChaCha", "Samba", "Rumba-International", "Rumba-American", "Rumba-Misc", "Jive",
            ])
    }

    @Test func replicaPairsShareTheSmallerNameAsGroupAcrossClasses() throws {
        let fixture = try CorpusFixture("ballroom-groups")
        try writeCorpus(fixture)
        let found = byName(try scan(fixture, .ballroom(BallroomOptions())))
        #expect(found["Albums-Fire-08.wav"]?.group == "Albums-Fire-08")
        #expect(found["Albums-Fire-09.wav"]?.group == "Albums-Fire-08")  // Samba, grouped with ChaChaCha's copy
        #expect(found["Albums-AnaBelen_Veneo-03.wav"]?.group == "Albums-AnaBelen_Veneo-03")
        #expect(found["Albums-AnaBelen_Veneo-15.wav"]?.group == "Albums-AnaBelen_Veneo-03")
        #expect(found["Media-100401.wav"]?.group == "Media-100401")
    }

    @Test func theReplicaTableHasThirteenDisjointPairs() {
        let pairs = BallroomReplicas.exact + BallroomReplicas.recordings
        #expect(BallroomReplicas.exact.count == 4 && BallroomReplicas.recordings.count == 9)
        // The counts alone would pass with a mistyped name; the lookup must join every listed pair.
        for (a, b) in pairs {
            #expect(
                BallroomReplicas.group(of: a) == min(a, b) && BallroomReplicas.group(of: b) == min(a, b), "\(a) / \(b)")
        }
        #expect(BallroomReplicas.groups.count == 26)
        #expect(Set(pairs.flatMap { [$0.0, $0.1] }).count == 26)
        #expect(BallroomReplicas.group(of: "Media-104705") == "Albums-Secret_Garden-01")
        #expect(BallroomReplicas.group(of: "Media-103415") == "Media-103402")
        #expect(BallroomReplicas.group(of: "Albums-Cafe_Paradiso-05") == "Albums-Cafe_Paradiso-05")
    }

    @Test func withoutTheListTheClassFoldersAreWalkedFromInsideBallroomData() throws {
        let fixture = try CorpusFixture("ballroom-walk")
        try writeCorpus(fixture, list: false)
        try fixture.audio("BallroomData/loose.wav")
        try fixture.audio("BallroomData/Jive/take2/Media-100402.wav")

        let scan = try scanAt(fixture, "BallroomData")
        #expect(scan.candidates.map(\.path) == Self.files.map { $0 + ".wav" }.sorted())
        #expect(scan.candidates.allSatisfy { $0.origin == nil })
        #expect(codes(scan) == ["nested-clip Jive/take2/Media-100402.wav", "no-label-folder loose.wav"])
    }

    @Test func aListedCorpusReportsUnlistedAudioAndMalformedLines() throws {
        let fixture = try CorpusFixture("ballroom-unlisted")
        let base = try writeCorpus(fixture, under: "download")
        try fixture.audio(base + "Tango/Media-100501.wav")
        try fixture.text(base + "allBallroomFiles", "./Jive/Media-100401.wav\n./Jive\n../Jive/Media-100401.wav\n")

        let scan = try scanAt(fixture, "download")
        #expect(scan.candidates.map(\.path) == ["BallroomData/Jive/Media-100401.wav"])
        #expect(
            codes(scan).filter { !$0.hasPrefix("not-in-file-list") } == [
                "malformed-row BallroomData/allBallroomFiles:2",
                "malformed-row BallroomData/allBallroomFiles:3",
            ])
        // The 6 others and Tango's.
        #expect(codes(scan).filter { $0.hasPrefix("not-in-file-list") }.count == Self.files.count)
    }

    @Test func aRootWithoutBallroomFilesStopsTheBuild() throws {
        let fixture = try CorpusFixture("ballroom-empty")
        try fixture.text("notes.txt", "nothing here")
        #expect(throws: CorpusError.self) { try scan(fixture, .ballroom(BallroomOptions())) }
        try writeCorpus(fixture)
        #expect(throws: CorpusError.self) {
            try scan(fixture, .ballroom(BallroomOptions(tempoAnnotations: "no/such/folder")))
        }
    }

    @Test func tempoIsReadAndABadAnnotationKeepsTheAudio() throws {
        let fixture = try CorpusFixture("ballroom-tempo")
        try writeCorpus(fixture)
        let truth = "BallroomAnnotations/ballroomGroundTruth/"
        try fixture.text(truth + "Albums-Fire-08.bpm", "84\n")
        try fixture.text(truth + "Albums-Fire-09.bpm", "\u{FEFF}112.5, 2\r\n")
        try fixture.text(truth + "Media-100401.bpm", "fast\n")
        try fixture.text(truth + "Media-999999.bpm", "100\n")  // names no audio: ignored

        let scan = try scan(fixture, .ballroom(BallroomOptions(tempoAnnotations: truth)))
        let found = byName(scan)
        #expect(found["Albums-Fire-08.wav"]?.attributes == ["folder": "ChaChaCha", "tempo_bpm": "84"])
        #expect(found["Albums-Fire-09.wav"]?.attributes["tempo_bpm"] == "112.5")
        #expect(found["Media-100201.wav"]?.attributes == ["folder": "Rumba-American"])  // no .bpm: no tempo
        #expect(found["Media-100401.wav"]?.attributes == ["folder": "Jive"])  // kept, without tempo
        #expect(
            codes(scan) == [
                "bad-tempo-annotation BallroomData/Jive/Media-100401.wav kept",
                "missing-file BallroomData/allBallroomFiles:8",
            ])
        #expect(scan.rejects.first { $0.kept }!.reason.contains(truth + "Media-100401.bpm"))
        #expect(scan.ignoredFiles == 1)  // Media-999999.bpm; the three read are not ignored
    }

    @Test func buildRecordsGroupsTempoAndTheMissingLine() throws {
        let fixture = try CorpusFixture("ballroom-build")
        try writeCorpus(fixture)
        try fixture.text("truth/Albums-Fire-09.bpm", "176\n")
        try fixture.text("truth/Media-100301.bpm", "?\n")
        try fixture.writeRecipe(corpus: "name = \"ballroom\"\nkind = \"ballroom\"\ntempo_annotations = \"truth\"")

        let report = try buildReport(fixture)
        #expect(report.sources == 7)
        #expect(report.rejectsByCode["missing-file"] == 1 && report.rejectsByCode["bad-tempo-annotation"] == 1)
        let sources = try indexedSources(fixture)
        #expect(
            sources["BallroomData/Samba/Albums-Fire-09.wav"]
                == IndexedSource(
                    labels: ["Samba"], group: "Albums-Fire-08", split: nil,
                    attributes: ["folder": "Samba", "tempo_bpm": "176"]))
        #expect(sources["BallroomData/ChaChaCha/Albums-Fire-08.wav"]?.group == "Albums-Fire-08")
        #expect(
            sources["BallroomData/Rumba-Misc/Media-100301.wav"]
                == IndexedSource(
                    labels: ["Rumba"], group: "Media-100301", split: nil, attributes: ["folder": "Rumba-Misc"]))
        #expect(Set(sources.values.flatMap(\.labels)) == ["ChaChaCha", "Jive", "Rumba", "Samba"])
        let rejects = try indexedRejects(fixture)
        #expect(rejects.contains("missing-file BallroomData/allBallroomFiles:8"))
        #expect(rejects.contains("bad-tempo-annotation BallroomData/Rumba-Misc/Media-100301.wav"))
    }
}
