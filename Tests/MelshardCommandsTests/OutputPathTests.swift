import Foundation
import MelshardCore
import SoundFile
import TestSupport
import Testing

/// Every command that writes where the user says, given a place it cannot write: a regular
/// file where a folder is needed, a path under a regular file, a folder where a file is needed.
/// Each fails with exit 1 and one line naming the path, never a Foundation error dump.
@Suite struct OutputPathTests {
    @Test func unwritableOutputsGiveOneLineNamingThePath() throws {
        let corpus = try FolderCorpusFixture(label: "output-paths", filesPerClass: 4)
        let directory = corpus.directory
        let built = directory.file("built")
        let build = try Melshard.run(["build", corpus.recipe, "--out", built])
        #expect(build.status == 0, "\(build.stderr)")
        let plain = directory.file("plain")
        #expect(FileManager.default.createFile(atPath: plain, contents: Data("not a folder".utf8)))
        let audio = directory.file("a.wav")
        try SoundFile.write(Signals.noise(rate: 8000, count: 8000), sampleRate: 8000, format: .wav16, to: audio)
        let under = plain + "/sub"

        let cases: [[String]] = [
            ["build", corpus.recipe, "--out", plain],
            ["build", corpus.recipe, "--out", under],
            ["demo", "--out", plain],
            ["demo", "--out", under],
            ["mel", audio, "-o", under + ".npy"],
            ["mel", audio, "-o", built],
            ["example-audio", under + ".wav", "--seconds", "1"],
            ["inspect", built, "--class", "jazz", "--grid", under + ".png"],
            ["inspect", built, "--class", "jazz", "--grid", built],
            ["report", built, "--out", under + ".html"],
            ["report", built, "--out", built],
            ["align", "generate", "--out", plain, "--sentences", "1"],
            ["align", "generate", "--out", under, "--sentences", "1"],
            ["bench", "build", "--out", plain],
            ["bench", "ingest", "--out", plain],
            ["bench", "features", "--out", plain],
        ]
        for arguments in cases {
            let run = try Melshard.run(arguments)
            let errors = run.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(errors.count == 1, "\(arguments): \(run.stderr)")
            let named =
                arguments.contains(built) && !arguments.contains(plain) && !arguments.contains { $0.hasPrefix(under) }
                ? built : plain
            #expect(errors.first?.contains(named) == true, "\(arguments) does not name \(named): \(run.stderr)")
            #expect(
                !run.stderr.contains("Domain=") && !run.stderr.contains("could not be completed"),
                "\(arguments): a Foundation dump: \(run.stderr)")
        }
        // Nothing temporary is left beside the outputs that could not be written.
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix(DurableFile.temporaryPrefix) }
        #expect(left.isEmpty, "\(left)")
    }
}
