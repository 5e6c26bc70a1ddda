import MelshardCore

/// The planner's clips as they are cut, written straight to a scratch file (`ClipSpool`), and
/// what the balance report needs of them tallied as they pass: which sources they use, and how
/// many clips each source gives each class. At study 000's scale a plan has about 8 million
/// clips; what stays in memory is per source, not per clip (docs/build.md, "Memory").
///
/// Cutting cannot fail, but writing can (a full disk): the first failure is kept, later clips
/// are dropped, and `finish` throws it, so the planner's many cutting paths need no `try`.
struct ClipCollector: ~Copyable {
    private var writer: ClipSpool.Writer?
    private var failure: FileError?
    let directory: String
    /// The sources some clip cuts or sums.
    private(set) var used = Set<Int64>()
    /// Per source and class, the clips the source gives the class.
    private(set) var perSourceClass: [SourceClass: Int] = [:]

    struct SourceClass: Hashable {
        var source: Int64
        var label: Int
    }

    init(directory: String) {
        self.directory = directory
        do { writer = try ClipSpool.Writer(directory: directory) } catch { failure = error }
    }

    mutating func append(_ clip: PlannedClip) {
        guard failure == nil, writer != nil else { return }
        do { try writer!.append(clip) } catch {
            failure = error
            return
        }
        used.insert(clip.sourceID)
        for id in clip.mixture { used.insert(id) }
        for l in clip.labels { perSourceClass[SourceClass(source: clip.sourceID, label: l), default: 0] += 1 }
    }

    mutating func append(contentsOf clips: some Sequence<PlannedClip>) { for clip in clips { append(clip) } }

    /// The clips ordered by id, in a new spool (an external sort: `ClipSpool.sorted`).
    mutating func takeSortedByID() throws(FileError) -> PlannedClips {
        if let failure { throw failure }
        guard let cut = writer.take() else { return PlannedClips() }
        let spool = try cut.finish()
        return PlannedClips(try spool.sorted(directory: directory) { .init(major: 0, id: $0.id) })
    }
}
