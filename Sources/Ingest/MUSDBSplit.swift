/// MUSDB18's official split: `test/` is test, and 14 named tracks of `train/` are validation
/// (musdb's mus.yaml `validation_tracks`, identical to torchaudio's `_VALIDATION_SET`), which
/// gives 86 / 14 / 50 tracks.
enum MUSDBSplit {
    static let validationTracks: Set<String> = [
        "Actions - One Minute Smile",
        "Clara Berry And Wooldog - Waltz For My Victims",
        "Johnny Lokke - Promises & Lies",
        "Patrick Talbot - A Reason To Leave",
        "Triviul - Angelsaint",
        "Alexander Ross - Goodbye Bolero",
        "Fergessen - Nos Palpitants",
        "Leaf - Summerghost",
        "Skelpolu - Human Mistakes",
        "Young Griffo - Pennies",
        "ANiMAL - Rockshow",
        "James May - On The Line",
        "Meaxic - Take A Step",
        "Traffic Experiment - Sirens",
    ]

    /// Only `train/` tracks can be validation: torchaudio's MUSDB_HQ returns the validation
    /// names whatever the subset, which would take them from test if they were ever there.
    static func official(subset: String, track: String) -> String {
        if subset == "test" { return "test" }
        return validationTracks.contains(track) ? "validation" : "train"
    }
}
