import Ingest
import Testing

@Suite struct DuplicateAudioTests {
    func source(_ corpus: String, _ path: String, group: String, hash: String) -> (SourceCandidate, ProbedSource) {
        (
            SourceCandidate(
                corpus: corpus, path: path, absolutePath: "/" + path, size: 1, mtimeNanoseconds: 0, labels: ["x"],
                group: group),
            ProbedSource(sampleRate: 8000, channels: 1, frames: 8000, format: "wav/pcm_16", contentHash: hash)
        )
    }

    @Test func copiesAreKeptAndTheirWholeGroupsMerged() {
        let result = DuplicateAudio.merge([
            source("c", "b/1.wav", group: "artist-b", hash: "h1"),
            source("c", "a/1.wav", group: "artist-a", hash: "h1"),
            source("c", "b/2.wav", group: "artist-b", hash: "h2"),
            source("c", "d/1.wav", group: "artist-d", hash: "h3"),
        ])
        #expect(result.accepted.count == 4)
        #expect(
            result.accepted.map(\.0.group) == ["artist-a", "artist-a", "artist-a", "artist-d"],
            "all of artist b joins artist a, since one of b's files is a copy of a's")
        #expect(result.notices.map(\.path) == ["b/1.wav"])
        #expect(result.notices.allSatisfy { $0.kept && $0.code == "duplicate-audio" })
    }

    @Test func chainsOfCopiesEndInOneGroupWhateverTheOrder() {
        let sources = [
            source("c", "x.wav", group: "g3", hash: "h1"), source("c", "y.wav", group: "g2", hash: "h1"),
            source("c", "z.wav", group: "g2", hash: "h2"), source("c", "w.wav", group: "g1", hash: "h2"),
        ]
        #expect(Set(DuplicateAudio.merge(sources).accepted.map(\.0.group)) == ["g1"])
        #expect(Set(DuplicateAudio.merge(sources.reversed()).accepted.map(\.0.group)) == ["g1"])
    }

    @Test func aCopyInAnotherCorpusIsReportedNotGrouped() {
        let result = DuplicateAudio.merge([
            source("c1", "a.wav", group: "g", hash: "h"), source("c2", "a.wav", group: "k", hash: "h"),
        ])
        #expect(result.accepted.map(\.0.group) == ["g", "k"])
        #expect(result.notices.count == 1 && result.notices[0].reason.contains("in corpus 'c1'"))
    }
}
