import Foundation
import Ingest
import MelshardCore
import Recipe
import TestSupport
import Testing

/// Issue 17, defect 4: a file or folder whose name is not UTF-8 (Latin-1 `é` is the byte 0xE9)
/// was neither a source, nor a reject, nor counted. Now each such file is a `non-utf8-path`
/// reject naming the path with the bad bytes written `\xNN`.
@Suite struct NonUTF8PathTests {
    /// Creates `relative` (bytes, under the corpus root) with `mkdir(2)` for each folder on the way
    /// and `open(2)`/`write(2)` for the file, so the name is exactly these bytes.
    static func rawFile(_ fixture: CorpusFixture, _ relative: [UInt8], contents: [UInt8]) throws {
        let root = Array(fixture.root.utf8)
        let parts = relative.split(separator: UInt8(ascii: "/")).map(Array.init)
        var path = root
        for folder in parts.dropLast() {
            path += [UInt8(ascii: "/")] + folder
            let made = withCString(path) { mkdir($0, 0o755) }
            #expect(made == 0 || errno == EEXIST)
        }
        path += [UInt8(ascii: "/")] + parts.last!
        let descriptor = withCString(path) { open($0, O_CREAT | O_WRONLY | O_TRUNC, 0o644) }
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        #expect(written == contents.count)
    }

    static func withCString<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        (bytes + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
    }

    /// A real WAV's bytes, to put under a raw name.
    static func wav(_ fixture: CorpusFixture, _ seed: String) throws -> [UInt8] {
        let path = try fixture.audio(".scratch/\(seed).wav")
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func rejects(_ scan: CorpusScan, _ code: String) -> [String] {
        scan.rejects.filter { $0.code == code }.map(\.path).sorted()
    }

    @Test func aFolderCorpusRejectsBadFileAndFolderNames() throws {
        let fixture = try CorpusFixture("non-utf8-folder")
        try fixture.audio("words/good.wav")
        try Self.rawFile(
            fixture, Array("words/caf".utf8) + [0xE9] + Array(".wav".utf8), contents: Self.wav(fixture, "a"))
        try Self.rawFile(
            fixture, [0xE9] + Array("t".utf8) + [0xE9] + Array("/x.wav".utf8), contents: Self.wav(fixture, "b"))
        // Valid UTF-8 stays as it is; a cut sequence is two bad bytes.
        try Self.rawFile(
            fixture, Array("words/".utf8) + [0xC3, 0xA9, 0xFF, 0xE2, 0x82] + Array(".wav".utf8),
            contents: Self.wav(fixture, "f"))
        let result = try scan(fixture, .folder)
        #expect(result.candidates.map(\.path) == ["words/good.wav"])
        #expect(
            Self.rejects(result, "non-utf8-path")
                == ["words/caf\\xE9.wav", "\\xE9t\\xE9/x.wav", "words/\u{E9}\\xFF\\xE2\\x82.wav"].sorted())
        #expect(result.rejects.count == 3)
        let reject = try #require(result.rejects.first)
        #expect(reject.reason.contains("not UTF-8") && reject.stage == .ingest)
    }

    @Test func aGenreFolderOfGTZANRejectsABadName() throws {
        let fixture = try CorpusFixture("non-utf8-gtzan")
        for n in 0..<2 { try fixture.audio("genres/blues/blues.0000\(n).au", format: .au16) }
        try Self.rawFile(
            fixture, Array("genres/blues/blues.0000".utf8) + [0xFF] + Array(".au".utf8),
            contents: Self.wav(fixture, "c"))
        let result = try scan(fixture, .gtzan(GTZANOptions()))
        #expect(result.candidates.count == 2)
        #expect(Self.rejects(result, "non-utf8-path") == ["genres/blues/blues.0000\\xFF.au"])
    }

    @Test func aWordFolderOfSpeechCommandsRejectsABadName() throws {
        let fixture = try CorpusFixture("non-utf8-speech")
        try fixture.audio("yes/aa11_nohash_0.wav")
        try Self.rawFile(
            fixture, Array("yes/bb".utf8) + [0xE9] + Array("_nohash_0.wav".utf8), contents: Self.wav(fixture, "d"))
        let result = try scan(fixture, .speechCommands(SpeechCommandsOptions()))
        #expect(result.candidates.map(\.path) == ["yes/aa11_nohash_0.wav"])
        #expect(Self.rejects(result, "non-utf8-path") == ["yes/bb\\xE9_nohash_0.wav"])
    }

    @Test func aMUSDBTrackFolderWithABadNameIsRejected() throws {
        let fixture = try CorpusFixture("non-utf8-musdb")
        for stem in ["mixture", "drums", "bass", "other", "vocals"] {
            try fixture.audio("train/Good - Song/\(stem).wav")
            try Self.rawFile(
                fixture, Array("train/Bad ".utf8) + [0xE9] + Array("/\(stem).wav".utf8),
                contents: Self.wav(fixture, stem))
        }
        let result = try scan(fixture, .musdb(MUSDBOptions(subsets: ["train"])))
        #expect(result.candidates.count == 4, "drums, bass, other and vocals of the good track")
        #expect(Self.rejects(result, "non-utf8-path") == ["train/Bad \\xE9"])
    }

    /// The reproduction: a real `melshard build` counts the file as a reject.
    @Test func aBuildCountsTheFileAsAReject() throws {
        let fixture = try CorpusFixture("non-utf8-build")
        for name in ["a/one", "a/two", "b/three", "b/four"] { try fixture.audio(name + ".wav") }
        try Self.rawFile(fixture, Array("a/caf".utf8) + [0xE9] + Array(".wav".utf8), contents: Self.wav(fixture, "e"))
        try fixture.writeRecipe(corpus: "name = \"c\"\nkind = \"folder\"")
        let report = try buildReport(fixture)
        #expect(report.sources == 4)
        #expect(report.rejectsByCode["non-utf8-path"] == 1)
        #expect(try indexedRejects(fixture).contains("non-utf8-path a/caf\\xE9.wav"))
        let strict = try fixture.build(["--strict"])
        #expect(strict.status != 0 && !strict.killedBySignal, "--strict fails on the reject")
    }
}
