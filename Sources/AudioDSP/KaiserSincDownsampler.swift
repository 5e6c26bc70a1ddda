import Foundation

/// The cochleagram's downsampler: a low-pass FIR of `taps` taps, a sinc with its cutoff at the
/// new Nyquist frequency under a Kaiser window, applied with a stride and no padding, as
/// chcochleagram's `SincWithKaiserWindow`.
///
/// Kernel: `h[m] = w[m] · sinc((m − taps/2) / D) / D` for m = 0…taps−1, where D is the stride,
/// `sinc(x) = sin(πx)/(πx)` and `w` is the symmetric Kaiser window
/// `I₀(β·√(1 − (2m/(taps−1) − 1)²)) / I₀(β)` (`scipy.signal.windows.kaiser(taps, β)`). The sinc's
/// time grid is chcochleagram's `arange(−taps/2, ⌊taps/2⌋)`: for odd `taps` (1001) it is offset
/// half a sample from the window's centre, kept so that the numbers are Feather et al.'s.
///
/// Output: `y[t] = Σ_m x[t·D + m]·h[m]`, a correlation as PyTorch's `conv1d` computes it, for
/// t = 0…⌊(N − taps)/D⌋: `1 + ⌊(N − taps)/D⌋` values (390 for 40000 samples, 1001 taps, D = 100).
struct KaiserSincDownsampler: Sendable {
    let kernel: [Double]
    let stride: Int

    init(taps: Int, stride: Int, beta: Double) {
        precondition(taps >= 1 && stride >= 1, "a downsampler needs taps and a stride")
        self.stride = stride
        let d = Double(stride)
        let norm = Self.besselI0(beta)
        kernel = (0..<taps).map { m in
            let ratio = taps == 1 ? 0 : 2 * Double(m) / Double(taps - 1) - 1
            let window = Self.besselI0(beta * max(0, 1 - ratio * ratio).squareRoot()) / norm
            let x = (Double(m) - Double(taps) / 2) / d
            let sinc = x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
            return window * sinc / d
        }
    }

    /// Output values for `count` input samples; 0 when the input is shorter than the kernel.
    func outputCount(forInput count: Int) -> Int { count < kernel.count ? 0 : 1 + (count - kernel.count) / stride }

    /// The fast path: each output's dot product in four interleaved partial sums (so the
    /// compiler can keep four multiply-adds in flight), added in a fixed order.
    func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let outputs = outputCount(forInput: x.count)
        precondition(y.count >= outputs, "downsampler output too short")
        let taps = kernel.count
        let quads = taps / 4 * 4
        kernel.withUnsafeBufferPointer { h in
            for t in 0..<outputs {
                let base = x.baseAddress! + t * stride
                var s0 = 0.0
                var s1 = 0.0
                var s2 = 0.0
                var s3 = 0.0
                var m = 0
                while m < quads {
                    s0 += base[m] * h[m]
                    s1 += base[m + 1] * h[m + 1]
                    s2 += base[m + 2] * h[m + 2]
                    s3 += base[m + 3] * h[m + 3]
                    m += 4
                }
                while m < taps {
                    s0 += base[m] * h[m]
                    m += 1
                }
                y[t] = (s0 + s1) + (s2 + s3)
            }
        }
    }

    /// The naive reference: one sum per output, in tap order.
    func referenceApply(_ x: [Double]) -> [Double] {
        (0..<outputCount(forInput: x.count)).map { t in
            var sum = 0.0
            for m in 0..<kernel.count { sum += x[t * stride + m] * kernel[m] }
            return sum
        }
    }

    /// The modified Bessel function of the first kind, order 0, by its power series
    /// `Σ ((x/2)^k / k!)²`, summed until a term no longer changes the sum (β ≤ 100 converges).
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0
        var term = 1.0
        let half = x / 2
        var k = 1.0
        while true {
            term *= (half / k) * (half / k)
            let next = sum + term
            if next == sum { return sum }
            sum = next
            k += 1
        }
    }
}
