import MelshardCore

/// PyTorch's default initialisation of convolution and linear layers, drawn from `SeededRandom`.
///
/// `reset_parameters` of `nn.Conv*d` and `nn.Linear` calls `kaiming_uniform_(weight, a=√5)`,
/// which is U(−b, b) with b = √(6 / ((1 + a²) · fan_in)) = 1/√fan_in, and draws the bias from
/// U(−1/√fan_in, 1/√fan_in). fan_in = in_channels / groups × kernel elements (or in_features).
/// The distributions are PyTorch's; the draws are not (PyTorch's generator is not reproduced),
/// so weights match PyTorch's only when loaded from a checkpoint.
public enum Initialization {
    /// `count` values from U(−bound, bound).
    public static func uniform(count: Int, bound: Float, random: inout SeededRandom) -> [Float] {
        (0..<count).map { _ in Float((random.nextUnit() * 2 - 1) * Double(bound)) }
    }

    /// The bound PyTorch uses for both the weight and the bias: 1/√fan_in.
    public static func defaultBound(fanIn: Int) -> Float {
        fanIn > 0 ? 1 / Float(fanIn).squareRoot() : 0
    }
}
