import Index

/// Where a written clip's audio is: its source file and the stretch of it the build cut, read
/// from a build output's index.sqlite. `melshard evaluate metamers` decodes this stretch with
/// `AudioLoader` as the build did, since the shards hold features, not audio.
public enum ClipRegions {
    /// One clip's source and stretch.
    public struct Region: Sendable, Equatable {
        /// The source file, absolute or relative to the working directory: the corpus root the
        /// last build found joined with the source's path.
        public var file: String
        /// `corpus:path`, for messages.
        public var source: String
        /// The first sample and the number of samples, at the features' sample rate.
        public var start: Int
        public var length: Int
    }

    /// The region of clip `id` at `sampleRate`, or nil when the index plans no such clip.
    ///
    /// The index keeps a clip's start and length in seconds (`start / rate`); multiplying back
    /// and rounding gives the build's sample counts exactly. A stem mixture's clip names its
    /// first stem only: decoding it does not give the mixture, which the caller detects by
    /// comparing features with the stored row.
    ///
    /// - Throws: the index's errors (missing, damaged), naming `OUT/index.sqlite`.
    public static func read(output: String, clip id: Int64, sampleRate: Int) throws -> Region? {
        try IndexDamage.detecting(in: output) {
            let index = try Index(directory: output, readOnly: true)
            guard let clip = try index.clipDescription(id) else { return nil }
            let root = try index.corpusRoots()[clip.corpus] ?? ""
            let rate = Double(sampleRate)
            return Region(
                file: root.isEmpty ? clip.path : root + "/" + clip.path, source: clip.corpus + ":" + clip.path,
                start: Int((clip.startSeconds * rate).rounded()), length: Int((clip.durationSeconds * rate).rounded()))
        }
    }
}
