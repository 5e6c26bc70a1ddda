/// The demo's two recipes: the studies' recipes from `manifests/`, with only what makes a
/// one-minute demo changed, each change commented in the file (the speech recipe's `[train]`
/// table included: `melshard demo` trains on that build). A test loads both and the
/// manifests and checks that everything else (features, task, splits, seed, dtype) agrees.
public enum DemoRecipes {
    /// `manifests/ren-gtzan.toml` (study 002) for the demo's GTZAN-style corpus.
    public static let gtzanFile = "ren-gtzan-demo.toml"
    public static let gtzan = """
        # melshard demo: manifests/ren-gtzan.toml (study 002, Ren, Guo and Moon: GTZAN genres, librosa's
        # default mel spectrogram, 70/15/15 random split) for the demo's synthesised genres/ tree.
        # Changed for a one-minute demo, and nothing else:
        #   clips.length_seconds  30.0 -> 5.0   (the demo's excerpts are 5 s; GTZAN's are 30 s)
        #   shards.clips_per_shard 128 -> 16    (so even 50 clips make several shards)
        #   corpus root           corpora/gtzan -> the demo's folder
        name = "ren-gtzan-demo"
        seed = 2026

        [[corpus]]
        name = "gtzan"
        kind = "gtzan"
        root = "../corpora/gtzan"

        [task]
        kind = "single-label"

        [clips]
        length_seconds = 5.0
        crop = "start"
        short = "pad"

        [splits]
        method = "ratios"
        ratios = { train = 0.70, validation = 0.15, test = 0.15 }

        [features]
        preset = "ren"

        [shards]
        clips_per_shard = 16
        dtype = "float16"

        """

    /// `manifests/metamers-speech-commands.toml` (study 001) for the demo's word folders.
    public static let speechFile = "metamers-speech-commands-demo.toml"
    public static let speech = """
        # melshard demo: manifests/metamers-speech-commands.toml (study 001: mini_speech_commands, 1-s
        # clips, 16 kHz log-mel with 256-point frames and hop 128, 64 bands, TensorFlow's hash split)
        # for the demo's synthesised word folders. Changed for a one-minute demo, and nothing else:
        #   task.labels      the study's 8 words -> the 4 the demo synthesises (down, no, up, yes)
        #   corpus root      corpora/mini_speech_commands -> the demo's folder
        #   features.resize  "32x32" -> none: the demo trains small-cnn, which takes the whole
        #                    64 x 126 matrix; the study's lu-2d needs the 32 x 32 resize
        #   [train]          the study's lu-2d, Adam 0.001, batch 64, 10 epochs, early stopping 2
        #                    -> small-cnn, Adam 0.01, batch 8, 15 epochs: 48 training clips
        #                    learn the 4 words in a few seconds (melshard demo trains it)
        name = "metamers-speech-commands-demo"
        seed = 2022

        [[corpus]]
        name = "speech"
        kind = "speech-commands"
        root = "../corpora/mini_speech_commands"
        split_rule = "auto"

        [task]
        kind = "single-label"
        labels = ["down", "no", "up", "yes"]

        [clips]
        length_seconds = 1.0
        crop = "start"
        short = "pad"

        [splits]
        method = "official"

        [features]
        preset = "librosa"
        sample_rate = 16000
        n_fft = 256
        hop_length = 128
        n_mels = 64

        [shards]
        clips_per_shard = 1024
        dtype = "float16"

        [train]
        model = "small-cnn"
        optimizer = "adam"
        learning_rate = 0.01
        batch_size = 8
        epochs = 15

        """
}
