import Build
import Foundation
import Ingest
import MelshardCore
import SoundFile
import TestSupport
import Testing

/// Every kind of bad input from issue 4, in one real corpus (a `table` manifest and real audio
/// files), built by a real `melshard build`: each ends as a reject row naming the file, the line
/// where there is one, the stage and the reason, and the good rows still build.
@Suite struct BadInputTests {
    /// One manifest row and what should become of it: nil for a row that builds.
    struct Row {
        var text: [UInt8]
        var expected: String?
        init(_ text: String, _ expected: String? = nil) {
            self.text = Array(text.utf8)
            self.expected = expected
        }
        init(bytes: [UInt8], _ expected: String) {
            text = bytes
            self.expected = expected
        }
    }

    /// Writes the corpus and returns the manifest's rows; an expectation `code @line` is a reject
    /// of the manifest at that row's line, `code path` a reject of the audio file.
    static func corpus(_ fixture: CorpusFixture) throws -> [Row] {
        for name in ["good/a1", "good/a2", "good/b1", "good/b2", "good/c1"] { try fixture.audio(name + ".wav") }
        try fixture.audio("dup/a1-copy.wav", seed: "good/a1.wav")
        try fixture.bytes("bad/empty.wav", [])
        var random = SeededRandom(seed: 1, stream: "garbage")
        try fixture.bytes("bad/garbage.wav", (0..<3000).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        let whole = try fixture.audio("bad/truncated.wav")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        try fixture.bytes("bad/truncated.wav", Array(bytes.prefix(bytes.count / 2)))
        try fixture.bytes("bad/lying.flac", try Self.flacDeclaringTwiceItsFrames(fixture))
        try fixture.audio("bad/short.wav", seconds: 0.2)
        try fixture.bytes("bad/zero-rate.wav", try Self.wavWithZeroRate(fixture))
        try fixture.audio("bad/nine.wav", channels: 9)
        try fixture.bytes(fixture.directory.file("outside.wav"), Array(bytes))
        try FileManager.default.createDirectory(atPath: fixture.root + "/links", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: fixture.root + "/links/out.wav", withDestinationPath: fixture.directory.file("outside.wav"))
        return [
            Row("path,label,speaker"),
            Row("good/a1.wav,a,s1"),
            Row("good/a2.wav,a,s2"),
            Row("good/b1.wav,b,s3"),
            Row("\"good/b2.wav\",b,s4"),
            Row("missing/nothere.wav,a,s5", "missing-file @6"),
            Row("bad/empty.wav,a,s6", "empty-file @7"),
            Row("bad/garbage.wav,b,s7", "undecodable-audio bad/garbage.wav"),
            Row("bad/truncated.wav,a,s8", "truncated-file bad/truncated.wav"),
            Row("bad/lying.flac,b,s9", "frame-count-mismatch bad/lying.flac"),
            Row("bad/short.wav,a,s10", "shorter-than-clip bad/short.wav"),
            Row("good/a3.wav,a", "wrong-field-count @12"),
            Row("good/c1.wav,zebra,s11", "unlisted-label good/c1.wav"),
            Row("good/a1.wav,a,s1", "duplicate-row @14"),
            Row("dup/a1-copy.wav,a,s12", "duplicate-audio good/a1.wav"),
            Row("../outside.wav,a,s13", "path-escapes-root @16"),
            Row("/etc/hostname,a,s14", "path-escapes-root @17"),
            Row("links/out.wav,a,s15", "path-escapes-root @18"),
            Row(bytes: Array("good/caf".utf8) + [0xE9] + Array(".wav,a,s16".utf8), "invalid-utf8 @19"),
            // libsndfile itself refuses a 0 Hz header when opening it.
            Row("bad/zero-rate.wav,a,s17", "undecodable-audio bad/zero-rate.wav"),
            Row("bad/nine.wav,b,s18", "bad-channel-count bad/nine.wav"),
            Row("good/b1.wav,\"b,s19", "malformed-row @22"),
        ]
    }

    /// A FLAC whose STREAMINFO declares twice the frames it holds: the header says one thing,
    /// decoding another, and only decoding can tell. A centred crop of the declared 2 s reaches
    /// past the real 1 s, where decoding runs out.
    static func flacDeclaringTwiceItsFrames(_ fixture: CorpusFixture) throws -> [UInt8] {
        let path = try fixture.audio("bad/lying-source.flac", seconds: 1, format: .flac16)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try FileManager.default.removeItem(atPath: path)
        // STREAMINFO starts at byte 8; its 64 bits from byte 18 end with the 36-bit total sample count.
        var packed = bytes[18..<26].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let total = packed & 0xF_FFFF_FFFF
        packed = (packed & ~0xF_FFFF_FFFF) | (total * 2)
        for i in 0..<8 { bytes[18 + i] = UInt8(truncatingIfNeeded: packed >> (56 - 8 * i)) }
        return bytes
    }

    /// A WAV whose `fmt ` chunk says 0 Hz.
    static func wavWithZeroRate(_ fixture: CorpusFixture) throws -> [UInt8] {
        let path = try fixture.audio("bad/zero-rate-source.wav")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try FileManager.default.removeItem(atPath: path)
        for i in 24..<32 { bytes[i] = 0 }  // sample rate and byte rate
        return bytes
    }

    static func writeManifest(_ rows: [Row], to fixture: CorpusFixture) throws {
        try fixture.bytes(
            "list.csv", Array(rows.map(\.text).joined(separator: Array("\r\n".utf8))) + Array("\r\n".utf8))
        try fixture.writeRecipe(
            corpus: """
                name = "c"
                kind = "table"
                manifest = "list.csv"
                group_column = "speaker"
                """,
            """
            [task]
            labels = ["a", "b"]

            [splits]
            method = "none"
            """, clips: "length_seconds = 0.5\ncrop = \"center\"")
    }

    @Test func eachBadInputIsARejectAndTheRestBuilds() throws {
        let fixture = try CorpusFixture("bad-input")
        let rows = try Self.corpus(fixture)
        try Self.writeManifest(rows, to: fixture)
        let report = try buildReport(fixture, ["--jobs", "1"])

        let expected = rows.compactMap(\.expected).map { $0.replacingOccurrences(of: " @", with: " list.csv:") }
            .sorted()
        #expect(try indexedRejects(fixture) == expected)
        // a1, a2, b1, b2 and the kept duplicate of a1; nothing else.
        #expect(report.clips == 5)
        #expect(report.rejects == expected.count)
        let sources = try indexedSources(fixture)
        #expect(
            sources["dup/a1-copy.wav"]?.group == "s1" && sources["good/a1.wav"]?.group == "s1",
            "exact duplicates share a group, so they never straddle splits")
        // The shard that held lying.flac's clip was compacted without it, and still verifies.
        let verify = try Melshard.run(["verify", fixture.output])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func rejectsAreListedWithFileLineAndReasonAndCountedByStatus() throws {
        let fixture = try CorpusFixture("bad-input-list")
        let rows = try Self.corpus(fixture)
        try Self.writeManifest(rows, to: fixture)
        try buildReport(fixture, ["--jobs", "2"])

        let listed = try Melshard.run(["rejects", fixture.output])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("c:list.csv:6: ingest: missing/nothere.wav: no such file [missing-file]"))
        #expect(
            listed.stdout.contains(
                "c:list.csv:19: ingest: byte 9 of the line (0xE9) is not UTF-8; the row is skipped [invalid-utf8]"))
        #expect(listed.stdout.contains("c:list.csv:12: ingest: 2 fields, but the header has 3 [wrong-field-count]"))
        #expect(listed.stdout.contains("c:good/a1.wav: ingest: the same bytes as dup/a1-copy.wav"))
        #expect(listed.stdout.contains("[duplicate-audio, kept]"))
        #expect(listed.stdout.contains("c:bad/lying.flac: features: the header declares 16000 frames but 8000 decode"))

        let json = try Melshard.run(["rejects", fixture.output, "--json", "--code", "path-escapes-root"])
        let decoded = try JSONDecoder().decode([Reject].self, from: Data(json.stdout.utf8))
        #expect(decoded.map(\.line) == [16, 17, 18])
        #expect(decoded.allSatisfy { $0.path == "list.csv" && $0.stage == .ingest })

        let status = try Melshard.run(["status", fixture.output, "--json"])
        let counts = try JSONDecoder().decode(StatusReport.self, from: Data(status.stdout.utf8)).rejects
        #expect(counts["path-escapes-root"] == 3 && counts["missing-file"] == 1 && counts["duplicate-audio"] == 1)
        #expect(counts.values.reduce(0, +) == rows.compactMap(\.expected).count)
    }

    @Test func strictMakesAnyRejectFatalAndNamesIt() throws {
        let fixture = try CorpusFixture("bad-input-strict")
        let rows = try Self.corpus(fixture)
        try Self.writeManifest(rows, to: fixture)
        let outcome = try fixture.build(["--strict"])
        #expect(outcome.status == 1)
        #expect(
            outcome.stderr.contains("--strict")
                && outcome.stderr.contains("c:list.csv:6: ingest: missing/nothere.wav: no such file"))
    }
}
