/// a·b + c rounded once to float32, as the FMA instructions PyTorch's CPU kernels use for
/// `add(…, alpha=)`, `lerp` and `addcmul`, so the optimisers round where PyTorch rounds.
///
/// Computed in `Double`: the product of two floats is exact there, and the sum is rounded to
/// double and then to float. That differs from a true FMA only when the double sum lands exactly
/// on a float rounding midpoint (about one case in 2²⁹). `Float.addingProduct` would be exact,
/// but on the baseline x86-64 target Swift builds for it becomes a call to `fmaf` per element,
/// which stops the loop from vectorising; this form vectorises.
@inline(__always)
func fusedMultiplyAdd(_ a: Float, _ b: Float, _ c: Float) -> Float {
    Float(Double(a) * Double(b) + Double(c))
}
