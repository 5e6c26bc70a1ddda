/// Progress of the long parts of a build, for a progress bar or plain log lines.
public struct BuildProgress: Sendable {
    public var stage: String
    public var done: Int
    public var total: Int
    public var clipsDone: Int
    public var clipsTotal: Int

    public init(stage: String, done: Int, total: Int, clipsDone: Int = 0, clipsTotal: Int = 0) {
        self.stage = stage
        self.done = done
        self.total = total
        self.clipsDone = clipsDone
        self.clipsTotal = clipsTotal
    }
}

/// Receives progress on the building thread.
public typealias ProgressHandler = (BuildProgress) -> Void
