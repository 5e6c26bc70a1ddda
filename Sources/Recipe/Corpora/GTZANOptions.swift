/// `kind = "gtzan"`: the Marsyas `genres/` archive or Kaggle's `genres_original/`.
public struct GTZANOptions: Sendable, Equatable, Encodable {
    /// A folder holding `train_filtered.txt`, `valid_filtered.txt` and `test_filtered.txt`
    /// (the fault-filtered, artist-conscious split), relative to the root or absolute. When
    /// set, only the listed clips are sources, each with its official split; nil (the default)
    /// takes every clip on disk, with no official split.
    public var splitLists: String?

    public init(splitLists: String? = nil) {
        self.splitLists = splitLists
    }

    init(reading r: inout TableReader) {
        self.init(splitLists: r.string("split_lists"))
        if splitLists?.isEmpty == true {
            r.problem("split_lists", "an empty path; name the lists' folder or leave the key out")
        }
    }

    enum CodingKeys: String, CodingKey { case splitLists = "split_lists" }
}
