/// `kind = "ballroom"`: `BallroomData/` with `allBallroomFiles`.
public struct BallroomOptions: Sendable, Equatable, Encodable {
    /// `Rumba-American`, `Rumba-International` and `Rumba-Misc` form the one class `Rumba`
    /// (default true, the dataset's 8 dances); false keeps the 10 folder names as labels.
    public var mergeRumba: Bool
    /// A folder of `<name>.bpm` files (`ballroomGroundTruth/`), relative to the root or absolute;
    /// each tempo becomes the source attribute `tempo_bpm`. Nil (the default) reads no tempo.
    public var tempoAnnotations: String?

    public init(mergeRumba: Bool = true, tempoAnnotations: String? = nil) {
        self.mergeRumba = mergeRumba
        self.tempoAnnotations = tempoAnnotations
    }

    init(reading r: inout TableReader) {
        self.init()
        mergeRumba = r.boolean("merge_rumba") ?? mergeRumba
        tempoAnnotations = r.string("tempo_annotations")
        if tempoAnnotations?.isEmpty == true {
            r.problem("tempo_annotations", "an empty path; name the .bpm folder or leave the key out")
        }
    }

    enum CodingKeys: String, CodingKey { case mergeRumba = "merge_rumba", tempoAnnotations = "tempo_annotations" }
}
