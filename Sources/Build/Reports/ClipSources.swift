import Index

/// Which source each written clip of a build output was cut from, read from its index.sqlite.
///
/// Shards carry each clip's id (`clip_ids`), not its source; a source is a file of a corpus,
/// and for `crop = "patches"` a track, all of whose patches share it. `melshard evaluate`
/// joins a network's per-clip predictions with this to vote per track (study 004).
public enum ClipSources {
    /// Clip id → `corpus:path` of its source, for every clip a shard holds.
    ///
    /// - Throws: the index's errors (missing, damaged), naming `OUT/index.sqlite`.
    public static func read(output: String) throws -> [Int64: String] {
        try IndexDamage.detecting(in: output) {
            let rows = try Index(directory: output, readOnly: true).writtenClipSources()
            var names: [Int64: String] = [:]
            for row in rows { names[row.clipID] = row.corpus + ":" + row.path }
            return names
        }
    }
}
