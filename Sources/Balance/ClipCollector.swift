/// The planner's clips as they are cut: one array, grown in place, and each clip's labels,
/// reason, mixture and length held once however many clips have the same (`PlannedClip.Traits`).
/// At study 000's scale a plan has about 8 million clips, and their reasons (`word, jitter 3 of
/// 16`, `crop 2 of 5`) and classes repeat across thousands of clips each; an object or a heap
/// string per clip would cost some 50 bytes each (docs/build.md, "Memory").
struct ClipCollector {
    private(set) var clips: [PlannedClip] = []
    private var traits: Set<PlannedClip.Traits> = []

    /// Room for `count` clips at once, so the array is not doubled (and briefly held twice) as it grows.
    mutating func reserve(_ count: Int) { clips.reserveCapacity(count) }

    mutating func append(_ clip: PlannedClip) {
        let (_, shared) = traits.insert(clip.traits)
        clips.append(clip.sharing(shared))
    }

    mutating func append(contentsOf clips: some Sequence<PlannedClip>) { for clip in clips { append(clip) } }

    /// The clips ordered by id, sorted through an order of 4-byte positions and then permuted in
    /// place, so that no second array of clips is made.
    mutating func takeSortedByID() -> [PlannedClip] {
        precondition(clips.count <= Int(Int32.max), "a plan holds at most 2^31 - 1 clips")
        let order = (0..<Int32(clips.count)).sorted { clips[Int($0)].id < clips[Int($1)].id }
        var result = clips
        clips = []
        result.permute(takingFrom: order)
        return result
    }
}
