import Build
import Foundation
import MelshardCore
import SQLite
import SoundFile
import TestSupport
import Testing

/// Issue 17, defect 1: a float WAV holding NaN or infinities failed every build with a NOT NULL
/// error from SQLite (power scaling) or became a silent −100 dB clip (dB scaling).
@Suite struct NonFiniteAudioBuildTests {
    /// Rewrites a fixture source as a float WAV with `bad` every 1000th sample, so every clip's stretch holds one.
    func poison(_ fixture: FolderCorpusFixture, _ label: String, _ i: Int, with bad: Float) throws {
        let rate = 11025
        var samples = (0..<Int(1.5 * Double(rate))).map { Float(sin(Double($0) * 0.05)) * 0.3 }
        for n in stride(from: 500, to: samples.count, by: 1000) { samples[n] = bad }
        try SoundFile.write(
            samples, sampleRate: rate, format: .wavFloat, to: fixture.root + "/" + FolderCorpusFixture.path(label, i))
    }

    @Test(arguments: ["scale = \"db\"", "scale = \"none\""])
    func aNonFiniteSourceIsARejectAndTheRestBuilds(_ scale: String) throws {
        let fixture = try FolderCorpusFixture(label: "non-finite")
        try fixture.writeRecipe(
            features: "preset = \"librosa\"\nsample_rate = 8000\nn_fft = 256\nhop_length = 128\nn_mels = 32\n\(scale)")
        try poison(fixture, "jazz", 1, with: .nan)
        try poison(fixture, "rock", 2, with: .infinity)
        try poison(fixture, "speech", 3, with: -.infinity)
        let out = fixture.directory.file("out")

        let report = try build(fixture, out: out)
        #expect(report.rejectsByCode["non-finite-audio"] == 3)
        #expect(report.clips == (3 * 8 - 3) * 3, "every good source gives its three clips")
        let rows = try query(
            out, "SELECT path, stage, reason FROM rejects WHERE code = 'non-finite-audio' ORDER BY path")
        #expect(rows.map { $0[0].text } == ["jazz/jazz-001.wav", "rock/rock-002.wav", "speech/speech-003.wav"])
        #expect(rows.allSatisfy { $0[1].text == "features" && $0[2].text?.contains("NaN or infinite") == true })
        // No row of any shard comes from a poisoned source, and no statistic is NaN.
        let poisoned = try query(
            out,
            """
            SELECT COUNT(*) FROM shard_rows r JOIN clips c ON c.id = r.clip_id JOIN sources s ON s.id = c.source_id
            WHERE s.path IN ('jazz/jazz-001.wav', 'rock/rock-002.wav', 'speech/speech-003.wav')
            """)
        #expect(poisoned[0][0].int == 0)
        #expect(try Melshard.run(["verify", out]).status == 0)

        let listed = try Melshard.run(["rejects", out, "--code", "non-finite-audio"])
        #expect(listed.status == 0 && listed.stdout.contains("rock/rock-002.wav"))

        let snapshot = try OutputSnapshot(out)
        let again = try build(fixture, out: out)
        #expect(again.rebuilt == 0 && again.decodedSources == 0)
        #expect(again.rejectsByCode["non-finite-audio"] == 3)
        #expect(try OutputSnapshot(out) == snapshot)
    }
}
