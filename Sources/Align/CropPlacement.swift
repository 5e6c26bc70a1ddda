/// What to do with a clip that cannot be a plain window of the source.
public struct CropPolicy: Sendable, Hashable, Codable {
    public enum Overflow: String, Sendable, Hashable, Codable {
        /// Make the clip anyway: zero-pad a short source; centre the clip on a long word, cutting its ends.
        case pad
        /// Reject the clip, with the reason.
        case reject
    }

    /// A source shorter than the clip.
    public var shortSource: Overflow
    /// A word longer than the clip.
    public var longWord: Overflow
    /// Spans with a lower confidence are rejected; 0 keeps everything.
    public var minimumConfidence: Double

    public init(shortSource: Overflow = .pad, longWord: Overflow = .reject, minimumConfidence: Double = 0) {
        self.shortSource = shortSource
        self.longWord = longWord
        self.minimumConfidence = minimumConfidence
    }
}

/// A placed clip: where it starts in the source (negative when zero-padded in front) and how long it is.
public struct Crop: Sendable, Hashable, Codable {
    public var start: Double
    public var duration: Double
    public var end: Double { start + duration }
    /// Seconds of zeros before the source starts and after it ends.
    public var leadingPad: Double
    public var trailingPad: Double
}

/// Why a clip was not made.
public enum CropRejection: Error, Sendable, Hashable, CustomStringConvertible {
    case lowConfidence(confidence: Double, minimum: Double)
    case sourceTooShort(source: Double, clip: Double)
    case wordTooLong(word: Double, clip: Double)

    public var description: String {
        switch self {
        case .lowConfidence(let c, let m): "alignment confidence \(fmt(c)) is below the minimum \(fmt(m))"
        case .sourceTooShort(let s, let c): "source is \(fmt(s)) s, shorter than the \(fmt(c))-s clip"
        case .wordTooLong(let w, let c): "word lasts \(fmt(w)) s, longer than the \(fmt(c))-s clip"
        }
    }
}

private func fmt(_ x: Double) -> String {
    let r = (x * 1000).rounded() / 1000
    return r == r.rounded() ? String(Int(r)) : String(r)
}

/// Places a fixed-length clip around a word.
public enum CropPlacement {
    /// The clip centred on `span`, moved inside `[0, sourceSeconds]` when it would cross an end.
    ///
    /// Order of checks: confidence, then a word longer than the clip, then a source shorter than
    /// the clip. A padded short source keeps the word as central as the source allows: the clip
    /// is centred on the word, then moved so the whole source lies inside it.
    public static func clip(
        for span: WordSpan, sourceSeconds: Double, clipSeconds: Double,
        policy: CropPolicy
    ) -> Result<Crop, CropRejection> {
        if span.confidence < policy.minimumConfidence {
            return .failure(.lowConfidence(confidence: span.confidence, minimum: policy.minimumConfidence))
        }
        return clip(for: span.time, sourceSeconds: sourceSeconds, clipSeconds: clipSeconds, policy: policy)
    }

    /// The same for a bare time span (no confidence check).
    public static func clip(
        for span: TimeSpan, sourceSeconds: Double, clipSeconds: Double,
        policy: CropPolicy
    ) -> Result<Crop, CropRejection> {
        if span.duration > clipSeconds && policy.longWord == .reject {
            return .failure(.wordTooLong(word: span.duration, clip: clipSeconds))
        }
        var start = span.centre - clipSeconds / 2
        if sourceSeconds < clipSeconds {
            if policy.shortSource == .reject {
                return .failure(.sourceTooShort(source: sourceSeconds, clip: clipSeconds))
            }
            start = min(0, max(sourceSeconds - clipSeconds, start))
        } else {
            start = min(max(0, start), sourceSeconds - clipSeconds)
        }
        return .success(
            Crop(
                start: start, duration: clipSeconds, leadingPad: max(0, -start),
                trailingPad: max(0, start + clipSeconds - sourceSeconds)))
    }
}
