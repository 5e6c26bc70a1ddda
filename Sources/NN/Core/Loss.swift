/// What a batch should have predicted.
public enum Targets: Sendable, Equatable {
    /// Single-label: the class index of each example, `[N]`.
    case classes([Int])
    /// Multi-label: 0 or 1 per example and class, `[N, classes]`.
    case multiHot(Tensor)

    public var count: Int {
        switch self {
        case .classes(let c): c.count
        case .multiHot(let t): t.shape.first ?? 0
        }
    }
}

/// A loss over a batch of logits `[N, classes]`, reduced by the mean as PyTorch's default
/// `reduction="mean"` does.
public protocol Loss {
    /// The loss and dL/dlogits, `[N, classes]`.
    func evaluate(_ logits: Tensor, _ targets: Targets) -> (loss: Float, gradient: Tensor)
}
