import Foundation

/// Softmax cross-entropy over logits, as PyTorch's `F.cross_entropy(logits, target, weight,
/// label_smoothing=ε)` with `reduction="mean"`.
///
/// Logits are `[N, C]` (batch, classes); targets are `Targets.classes`, `N` indices in `0..<C`.
/// With log-probabilities `lp = log_softmax(z)`, class weights `w` (all 1 when absent) and
/// `W = Σᵢ w[yᵢ]` (PyTorch's weighted mean divides by the targets' weights, not by N):
///
///     L = [ (1 − ε) Σᵢ w[yᵢ] (−lp[i, yᵢ])  +  ε/C Σᵢ Σ_c w[c] (−lp[i, c]) ] / W
///     dL/dz[i, c] = [ (1 − ε) w[yᵢ] (p[i, c] − δ(c, yᵢ))  +  ε/C (p[i, c] Σ_k w[k] − w[c]) ] / W
///
/// which is PyTorch's label-smoothing formula (`torch/nn/functional.py` → `cross_entropy` in
/// `aten/src/ATen/native/LossNLL.cpp`: the smoothing term is weighted by `w[c]` and divided by
/// the same `W`). Label smoothing is off by default, as in PyTorch.
///
/// Numerically stable: each row subtracts its maximum before exponentiating (log-sum-exp), so
/// logits of ±1e4 neither overflow nor lose the loss. Sums run in `Double`; the gradient is
/// float32. `ignore_index` is not supported: every target counts.
public struct CrossEntropyLoss: Loss, Sendable {
    /// One weight per class, `[C]`, or nil for PyTorch's default (all 1).
    public var classWeights: [Float]?
    /// ε in [0, 1]: the share of each target's mass spread uniformly over all classes.
    public var labelSmoothing: Float

    public init(classWeights: [Float]? = nil, labelSmoothing: Float = 0) {
        precondition(labelSmoothing >= 0 && labelSmoothing <= 1, "label smoothing \(labelSmoothing) is not in [0, 1]")
        precondition(
            classWeights?.allSatisfy { $0 >= 0 && $0.isFinite } ?? true,
            "class weights must be finite and ≥ 0")
        self.classWeights = classWeights
        self.labelSmoothing = labelSmoothing
    }

    /// The mean loss over the batch and dL/dlogits, `[N, C]`.
    ///
    /// - Precondition: `logits` is `[N, C]` and `targets` is `.classes` with `N` indices in
    ///   `0..<C`; `classWeights`, when set, has `C` entries. (The data loader validates labels,
    ///   so a bad one here is a programming error.)
    public func evaluate(_ logits: Tensor, _ targets: Targets) -> (loss: Float, gradient: Tensor) {
        guard case .classes(let labels) = targets else {
            preconditionFailure("CrossEntropyLoss takes Targets.classes; multi-hot targets need BCE with logits")
        }
        precondition(
            logits.shape.count == 2,
            "CrossEntropyLoss expects logits [N, C], got \(logits.shape.shapeDescription)")
        let n = logits.shape[0], c = logits.shape[1]
        precondition(labels.count == n, "\(labels.count) targets for a batch of \(n)")
        precondition(labels.allSatisfy { $0 >= 0 && $0 < c }, "a target is outside 0..<\(c)")
        precondition(
            classWeights.map { $0.count == c } ?? true,
            "\(classWeights?.count ?? 0) class weights for \(c) classes")

        let epsilon = Double(labelSmoothing)
        let weights = classWeights ?? [Float](repeating: 1, count: c)
        let weightSum = weights.reduce(0.0) { $0 + Double($1) }
        // W = Σᵢ w[yᵢ], PyTorch's denominator for the weighted mean (N when unweighted).
        let denominator = labels.reduce(0.0) { $0 + Double(weights[$1]) }

        var gradient = Tensor(shape: [n, c])
        var total = 0.0
        logits.values.withUnsafeBufferPointer { z in
            gradient.values.withUnsafeMutableBufferPointer { dz in
                weights.withUnsafeBufferPointer { w in
                    for i in 0..<n {
                        let row = i * c
                        var maximum = -Float.infinity
                        for k in 0..<c { maximum = max(maximum, z[row + k]) }
                        var sumExp = 0.0
                        for k in 0..<c { sumExp += exp(Double(z[row + k] - maximum)) }
                        let logSumExp = Double(maximum) + log(sumExp)
                        let y = labels[i]
                        let wy = Double(w[y])
                        // −lp[i, y] weighted, plus the smoothing term Σ_c w[c] (−lp[i, c]).
                        var smooth = 0.0
                        if epsilon > 0 {
                            for k in 0..<c { smooth += Double(w[k]) * (logSumExp - Double(z[row + k])) }
                        }
                        total += (1 - epsilon) * wy * (logSumExp - Double(z[row + y])) + epsilon / Double(c) * smooth
                        for k in 0..<c {
                            let p = exp(Double(z[row + k]) - logSumExp)
                            let hard = (1 - epsilon) * wy * (p - (k == y ? 1 : 0))
                            let soft = epsilon / Double(c) * (p * weightSum - Double(w[k]))
                            dz[row + k] = Float((hard + soft) / denominator)
                        }
                    }
                }
            }
        }
        return (Float(total / denominator), gradient)
    }
}
