import Foundation

/// Sigmoid binary cross-entropy on logits for multi-label tasks, as PyTorch's
/// `F.binary_cross_entropy_with_logits(logits, targets, pos_weight=pw)` with `reduction="mean"`.
///
/// Logits are `[N, C]`; targets are `Targets.multiHot`, `[N, C]` of 0 or 1 (soft targets in
/// [0, 1] work too). The mean runs over all N·C elements. Per element, with `lw = 1 + (pw − 1)·t`
/// (`pw` is 1 without `pos_weight`), the stable form PyTorch uses
/// (`aten/src/ATen/native/Loss.cpp`, `binary_cross_entropy_with_logits`) is
///
///     ℓ = (1 − t)·x + lw·(log1p(exp(−|x|)) + max(−x, 0))        (= −lw·t·log σ(x) − (1 − t)·log(1 − σ(x)))
///     dℓ/dx = (1 − t) − lw·σ(−x)                                 (= σ(x) − t without pos_weight)
///
/// which never exponentiates a positive number, so logits of ±1e4 give finite losses.
public struct BinaryCrossEntropyWithLogits: Loss, Sendable {
    /// One weight per class, `[C]`, multiplying the positive term, or nil (all 1).
    public var positiveWeights: [Float]?

    public init(positiveWeights: [Float]? = nil) {
        precondition(
            positiveWeights?.allSatisfy { $0 >= 0 && $0.isFinite } ?? true,
            "pos_weight must be finite and ≥ 0")
        self.positiveWeights = positiveWeights
    }

    /// The mean loss over all elements and dL/dlogits, `[N, C]`.
    ///
    /// - Precondition: `targets` is `.multiHot` with the shape of `logits`, `[N, C]`, and
    ///   `positiveWeights`, when set, has `C` entries.
    public func evaluate(_ logits: Tensor, _ targets: Targets) -> (loss: Float, gradient: Tensor) {
        guard case .multiHot(let t) = targets else {
            preconditionFailure("BinaryCrossEntropyWithLogits takes Targets.multiHot; use CrossEntropyLoss for classes")
        }
        precondition(logits.shape.count == 2, "BCE with logits expects [N, C], got \(logits.shape.shapeDescription)")
        precondition(
            t.shape == logits.shape,
            "targets \(t.shape.shapeDescription) for logits \(logits.shape.shapeDescription)")
        let c = logits.shape[1]
        precondition(
            positiveWeights.map { $0.count == c } ?? true,
            "\(positiveWeights?.count ?? 0) pos_weight for \(c) classes")
        let count = logits.count
        let scale = 1 / Double(max(count, 1))

        var gradient = Tensor(shape: logits.shape)
        var total = 0.0
        logits.values.withUnsafeBufferPointer { x in
            t.values.withUnsafeBufferPointer { t in
                gradient.values.withUnsafeMutableBufferPointer { dx in
                    for i in 0..<count {
                        let xi = Double(x[i]), ti = Double(t[i])
                        let pw = positiveWeights.map { Double($0[i % c]) } ?? 1
                        let lw = 1 + (pw - 1) * ti
                        // softplus(−x) = log(1 + e^(−x)), written so that exp never sees a positive number.
                        let softplusNegative = log1p(exp(-abs(xi))) + max(-xi, 0)
                        total += (1 - ti) * xi + lw * softplusNegative
                        // σ(−x), stable on both sides.
                        let sigmoidNegative = xi >= 0 ? exp(-xi) / (1 + exp(-xi)) : 1 / (1 + exp(xi))
                        dx[i] = Float(((1 - ti) - lw * sigmoidNegative) * scale)
                    }
                }
            }
        }
        return (Float(total * scale), gradient)
    }
}
