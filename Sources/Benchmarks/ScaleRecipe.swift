import Foundation

/// The recipes of `melshard bench scale`: study 000's (manifests/heydarshahi-words-and-music.toml)
/// with the study's own word placement and a tiny feature shape, at a chosen scale.
///
/// **Scale.** Scale s balances every class to `per_class = ⌊15,000 × s / 16⌋` clips, so scale 16
/// is the study's plan (61 genres and 467 words × 15,000 = 7.92 million clips), 4 is 3,750 per
/// class and 1 is 937. The corpus is the same at every scale: what grows is the plan, as when a
/// lab goes from a pilot to the full dataset. `fullPerClass` (15,000) can be lowered to shrink
/// every scale alike (the tests do).
///
/// What differs from the study's recipe, and why:
/// - `[align] method = "proportional"`, the study's own rule (the word's character span mapped
///   onto the recording), which needs no speech synthesis; the study recipe's `synthesized`
///   would spend the run in espeak-ng.
/// - Features: 16 kHz (the files' own rate, so nothing is resampled), `n_fft` = hop = 512,
///   4 mel bands, no resize, clips of 4,096 samples (0.256 s: 9 frames, 72 bytes in float16),
///   so that writing 8 million clips is feasible; the study's are 12 kHz, 96 bands, 128 × 128.
/// - `word_margin_seconds = 0.005` (the study recipe's 0.1 s would not fit a word in a 0.256-s clip).
/// - `min_tracks_per_tag` and `min_occurrences` are the study's 400 at the study's corpus size and
///   shrink in proportion with a smaller generated corpus (never below 1), so a small corpus
///   still selects classes.
public enum ScaleRecipe {
    /// The scale whose plan is the study's.
    public static let fullScale = 16
    /// The study's `per_class`.
    public static let studyPerClass = 15_000
    public static let clipSamples = 4096

    /// `per_class` at `scale`; 0 when the scale is too small to give every class a clip.
    public static func perClass(scale: Int, fullPerClass: Int = studyPerClass) -> Int {
        guard scale > 0, fullPerClass > 0 else { return 0 }
        return fullPerClass * scale / fullScale
    }

    /// The study's threshold of 400, in proportion to the generated corpus's size.
    static func threshold(_ size: Int, of studySize: Int) -> Int {
        max(1, Int((400 * Double(size) / Double(studySize)).rounded()))
    }

    public static func text(corpus: ScaleCorpus, scale: Int, perClass: Int) -> String {
        let shape = corpus.shape
        return """
            # Written by `melshard bench scale`: study 000's recipe at scale \(scale) (per_class \(perClass)),
            # proportional word placement and a tiny feature shape (docs/build.md, "Scale").
            name = "scale-\(scale)"
            seed = \(shape.seed)

            [[corpus]]
            name = "jamendo"
            kind = "mtg-jamendo"
            root = \(toml(corpus.jamendoRoot))
            manifest = "data/autotagging.tsv"
            audio_root = "audio"
            categories = ["genre"]
            task = "music"
            min_tracks_per_tag = \(threshold(shape.tracks, of: ScaleCorpusShape.studyTracks))
            top_tags = 61

            [[corpus]]
            name = "common-voice"
            kind = "common-voice"
            root = \(toml(corpus.commonVoiceRoot))
            tsvs = ["validated"]
            task = "words"

            [align]
            top_k = 467
            min_occurrences = \(threshold(shape.sentences, of: ScaleCorpusShape.studySentences))
            stop_words = \(toml(corpus.stopWordsPath))
            method = "proportional"

            [task]
            kind = "single-label"
            multi_label_policy = "duplicate"
            label_space = "combined"

            [clips]
            length_samples = \(clipSamples)
            crop = "random"
            per_class = \(perClass)
            word_jitter = true
            word_margin_seconds = 0.005

            [splits]
            method = "ratios"
            ratios = { train = 0.8, validation = 0.1, test = 0.1 }

            [features]
            preset = "librosa"
            sample_rate = \(shape.sampleRate)
            n_fft = 512
            hop_length = 512
            n_mels = 4
            resize = "none"

            [shards]
            clips_per_shard = 1024
            dtype = "float16"

            """
    }

    private static func toml(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
