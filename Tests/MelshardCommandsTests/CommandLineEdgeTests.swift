import Foundation
import MelshardCore
import SoundFile
import TestSupport
import Testing

@testable import MelshardCommands

/// The rough edges of issue 17 (defect 12), each through the real executable.
@Suite struct CommandLineEdgeTests {
    let directory = TemporaryDirectory("cli-edges")

    /// `--offset -5` used to be read as an option and reported as a missing value.
    @Test func negativeNumbersReachTheOptionsOwnCheck() throws {
        let audio = directory.file("a.wav")
        try SoundFile.write(Signals.noise(rate: 8000, count: 8000), sampleRate: 8000, format: .wav16, to: audio)
        let cases: [(arguments: [String], message: String)] = [
            (
                ["mel", audio, "--offset", "-5", "-o", directory.file("x.npy")],
                "--offset must be a number of seconds ≥ 0"
            ),
            (
                ["mel", audio, "--duration", "-5", "-o", directory.file("x.npy")],
                "--duration must be a number of seconds > 0"
            ),
            (["mel", audio, "--fmin", "-5", "-o", directory.file("x.npy")], "invalid fmin = -5.0"),
            (["example-audio", directory.file("x.wav"), "--seed", "-5"], "a seed is a whole number from 0 to"),
            (["example-audio", directory.file("x.wav"), "--seconds", "-5"], "--seconds must be in (0, 3600]"),
            (["align", "generate", "--seed", "-5"], "a seed is a whole number from 0 to"),
            (["train", directory.path, "--seed", "-5"], "a seed is a whole number from 0 to"),
            (
                ["demo", "--jobs", "-2", "--out", directory.file("demo")],
                "--jobs takes a number of threads ≥ 1, not -2"
            ),
        ]
        for (arguments, message) in cases {
            let run = try Melshard.run(arguments)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("Missing value"), "\(arguments): \(run.stderr)")
        }
    }

    /// An unknown reject code says which codes the build has, and exits 0 (codes are open-ended,
    /// so a code no reject has is an empty answer, not a usage error).
    @Test func rejectsOfAnUnknownCodeListTheCodesPresent() throws {
        let corpus = try FolderCorpusFixture(label: "cli-rejects", filesPerClass: 4)
        #expect(FileManager.default.createFile(atPath: corpus.root + "/jazz/empty.wav", contents: Data()))
        let out = corpus.directory.file("out")
        #expect(try Melshard.run(["build", corpus.recipe, "--out", out]).status == 0)
        let codes = try Melshard.run(["rejects", out, "--json"])
        let present = Set(
            (try JSONSerialization.jsonObject(with: Data(codes.stdout.utf8)) as? [[String: Any]] ?? [])
                .compactMap { $0["code"] as? String }
        ).sorted()
        #expect(!present.isEmpty, "\(codes.stdout)")
        let run = try Melshard.run(["rejects", out, "--code", "nosuch"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "no reject has code nosuch; codes present: \(present.joined(separator: ", "))\n")
        let json = try Melshard.run(["rejects", out, "--code", "nosuch", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any])?.isEmpty == true)
    }

    @Test func aCorpusGivenTwiceIsRefused() throws {
        #expect(throws: (any Error).self) { try CorpusRootOption.roots(["music=/a", "music=/b"]) }
        #expect(throws: (any Error).self) { try CorpusRootOption.roots(["=/a"]) }
        #expect(try CorpusRootOption.roots(["music=/a", "speech=/b"]) == ["music": "/a", "speech": "/b"])
        do {
            _ = try CorpusRootOption.roots(["music=/a", "music=/b"])
        } catch {
            #expect("\(error)" == "--corpus music= is given twice (/a and /b); give each corpus once")
        }
    }

    /// A shard whose features shape was changed to another of the same byte count: `verify`
    /// flags it, and `inspect` refuses to draw it, naming the shard once.
    @Test func inspectRefusesAShardWhoseShapeDiffersFromTheIndex() throws {
        let corpus = try FolderCorpusFixture(label: "cli-tamper", filesPerClass: 4)
        let out = corpus.directory.file("out")
        #expect(try Melshard.run(["build", corpus.recipe, "--out", out]).status == 0)
        let shards = out + "/shards"
        for name in try FileManager.default.contentsOfDirectory(atPath: shards) {
            try Self.reshape(shards + "/" + name)
        }
        #expect(try Melshard.run(["verify", out]).status == 1)
        let run = try Melshard.run(["inspect", out, "--class", "jazz", "--grid", corpus.directory.file("g.png")])
        #expect(run.status == 1, "\(run.stderr)")
        let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
        #expect(errors.count == 1 && errors.first?.contains("the index records") == true, "\(run.stderr)")
        #expect(errors.first.map { $0.components(separatedBy: "/shards/").count - 1 } == 1, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: corpus.directory.file("g.png")))
    }

    /// Rewrites the features tensor's shape as a permutation of itself (`[A,B,C]` as `[B,A,C]`):
    /// the same byte count and the same header length, another shape.
    static func reshape(_ path: String) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
        let features = try #require(header.range(of: "\"features\":{"))
        let start = try #require(header.range(of: "\"shape\":[", range: features.upperBound..<header.endIndex))
        let end = try #require(header.range(of: "]", range: start.upperBound..<header.endIndex))
        let dims = header[start.upperBound..<end.lowerBound].split(separator: ",").compactMap { Int($0) }
        try #require(dims.count == 3)
        let permuted = try #require(
            [[dims[1], dims[0], dims[2]], [dims[0], dims[2], dims[1]], [dims[2], dims[1], dims[0]]].first {
                $0 != dims
            })
        let changed =
            String(header[..<start.upperBound]) + permuted.map(String.init).joined(separator: ",")
            + String(header[end.lowerBound...])
        try #require(changed.utf8.count == length)
        bytes.replaceSubrange(8..<(8 + length), with: Array(changed.utf8))
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
