import Ingest
import Recipe

/// A corpus manifest as `melshard build` meets it: written into a small corpus of the right
/// kind, then scanned by that kind's reader (`CorpusReader.scan`), so the row parser, the path
/// checks and the reader's own rules all run on it.
///
/// The input's first byte picks the manifest (its value modulo the number of layouts; the seeds
/// use the digits `0`…`7`), and the rest is the file's bytes.
enum ManifestFuzz {
    /// One manifest file of one corpus kind, in a corpus holding the audio files its seed names.
    struct Layout: Sendable {
        var name: String
        /// Where the input goes, relative to the corpus root.
        var manifest: String
        var options: CorpusOptions
        /// The rest of the corpus: audio files (a few bytes each: scanning checks presence and
        /// size, never the audio) and any companion manifests the reader requires.
        var files: [String: String]
    }

    static let layouts: [Layout] = [
        Layout(
            name: "table-csv", manifest: "meta/labels.csv",
            options: .table(
                TableOptions(
                    manifest: "meta/labels.csv", delimiter: .comma, pathColumn: "file", labelColumn: "species",
                    labelSeparator: ";", groupColumn: "site", splitColumn: "split")),
            files: audio(["audio/a.wav", "audio/b.wav", "audio/c d.wav"])),
        Layout(
            name: "table-tsv", manifest: "labels.tsv",
            options: .table(TableOptions(manifest: "labels.tsv", groupColumn: "group", splitColumn: "split")),
            files: audio(["audio/a.wav", "audio/b.wav", "audio/c d.wav"])),
        Layout(
            name: "mtg-jamendo", manifest: "data/autotagging.tsv",
            options: .mtgJamendo(JamendoOptions(categories: [.genre, .instrument, .moodTheme])),
            files: audio(["14/214.mp3", "51/851.mp3", "02/1002.mp3"])),
        Layout(
            name: "common-voice", manifest: "validated.tsv",
            options: .commonVoice(CommonVoiceOptions(tsvs: [.validated])),
            files: audio(["clips/common_voice_en_1.mp3", "clips/common_voice_en_2.mp3"])),
        Layout(
            name: "gtzan", manifest: "splits/train_filtered.txt",
            options: .gtzan(GTZANOptions(splitLists: "splits")),
            files: audio(["genres/blues/blues.00000.au", "genres/blues/blues.00001.au", "genres/jazz/jazz.00000.au"])
                .merging([
                    "splits/valid_filtered.txt": "blues/blues.00001.au\n",
                    "splits/test_filtered.txt": "jazz/jazz.00000.au\n",
                ]) { $1 }),
        Layout(
            name: "ballroom", manifest: "BallroomData/allBallroomFiles",
            options: .ballroom(BallroomOptions()),
            files: audio([
                "BallroomData/ChaChaCha/Albums-Cafe_Paradiso-05.wav", "BallroomData/Jive/Media-100401.wav",
                "BallroomData/Rumba-Misc/Media-103402.wav",
            ])),
        Layout(
            name: "ballroom-tempo", manifest: "BallroomAnnotations/ballroomGroundTruth/Media-100401.bpm",
            options: .ballroom(BallroomOptions(tempoAnnotations: "BallroomAnnotations/ballroomGroundTruth")),
            files: audio(["BallroomData/Jive/Media-100401.wav"])),
        Layout(
            name: "speech-commands", manifest: "validation_list.txt",
            options: .speechCommands(SpeechCommandsOptions(splitRule: .lists)),
            files: audio([
                "yes/0a7c2a8d_nohash_0.wav", "yes/0a7c2a8d_nohash_1.wav", "no/0b09edd3_nohash_0.wav",
                "_background_noise_/white_noise.wav",
            ]).merging(["testing_list.txt": "no/0b09edd3_nohash_0.wav\n"]) { $1 }),
    ]

    private static func audio(_ paths: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: paths.map { ($0, "RIFF fuzz fixture, never decoded") })
    }

    /// Each layout's corpus, written once per process.
    private static let roots: [FuzzScratch] = layouts.map { layout in
        let scratch = FuzzScratch("manifest/" + layout.name)
        for (path, text) in layout.files { scratch.write(path, Array(text.utf8)) }
        return scratch
    }

    static func run(_ bytes: [UInt8]) -> Bool {
        guard let selector = bytes.first else { return false }
        let index = Int(selector) % layouts.count
        let layout = layouts[index], root = roots[index]
        root.write(layout.manifest, Array(bytes.dropFirst()))
        let spec = CorpusSpec(name: "fuzz", kind: layout.options.kind, root: root.path, options: layout.options)
        guard let scan = try? CorpusReader.scan(spec, context: IngestContext(workDirectory: nil, mayWrite: false))
        else { return false }
        return !scan.candidates.isEmpty
    }
}
