/// `kind = "musdb"`: MUSDB18-HQ folders, or MUSDB18's `.stem.mp4` files through ffmpeg.
public struct MUSDBOptions: Sendable, Equatable, Encodable {
    public enum Stem: String, Sendable, Equatable, Encodable, CaseIterable {
        case mixture, drums, bass, other, vocals
    }

    public enum Subset: String, Sendable, CaseIterable {
        case train, test
    }

    /// One source per track and stem, labelled with the stem's name.
    public var stems: [Stem]
    /// `train`, `test`, or both.
    public var subsets: [String]

    public init(stems: [Stem] = [.drums, .bass, .other, .vocals], subsets: [String] = ["train", "test"]) {
        self.stems = stems
        self.subsets = subsets
    }

    init(reading r: inout TableReader) {
        self.init()
        stems = r.choices("stems", Stem.self, emptyMeans: "reads no audio") ?? stems
        subsets = r.choices("subsets", Subset.self, emptyMeans: "reads no track")?.map(\.rawValue) ?? subsets
    }

    enum CodingKeys: String, CodingKey { case stems, subsets }
}
