import Foundation

/// One track's vote: its patches' predictions and the class they elect.
public struct TrackVote: Sendable, Equatable, Codable {
    /// The source the patches were cut from (`corpus:path`).
    public var source: String
    public var clips: Int
    /// The track's true class (every patch of a track has its source's label).
    public var label: Int
    /// The class the patches elected.
    public var voted: Int
    /// Votes per class, indexed as the card's classes.
    public var votes: [Int]
    /// Whether the vote needed the summed scores to break a tie.
    public var tieBroken: Bool

    enum CodingKeys: String, CodingKey {
        case source, clips, label, voted, votes
        case tieBroken = "tie_broken"
    }
}
