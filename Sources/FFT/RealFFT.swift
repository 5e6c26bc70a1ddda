import CFFTW
import Foundation

/// A forward real-to-complex DFT of fixed size, in double precision, planned once.
///
/// `X[k] = Σ x[n]·e^{−2πikn/N}` for `k = 0…N/2`, unnormalised, as `numpy.fft.rfft`.
/// Double precision matches librosa, which multiplies the float32 frame by a float64 window
/// and transforms in float64; a single-precision FFT drifts by up to 3e-4 dB in the quiet bins
/// (docs/features.md).
///
/// Plans are made with `FFTW_ESTIMATE`, never `FFTW_MEASURE`: measuring picks an algorithm by
/// timing, so two runs could round differently and shards would not be byte-identical.
///
/// An instance owns its aligned buffers and is not thread-safe: give each worker its own.
/// Write a frame into `input`, call `execute()`, and read `output`.
public final class RealFFT {
    /// The transform length N.
    public let size: Int
    /// N real samples: the frame to transform.
    public let input: UnsafeMutableBufferPointer<Double>
    /// N/2 + 1 complex bins, interleaved as re, im (2·(N/2 + 1) values), valid after `execute()`.
    public let output: UnsafeMutableBufferPointer<Double>
    private let plan: fftw_plan

    /// The corresponding C functions are `fftw_malloc` and `fftw_plan_dft_r2c_1d`.
    public init(size: Int) {
        precondition(size >= 2, "FFT size must be at least 2")
        self.size = size
        let bins = size / 2 + 1
        input = alignedBuffer(count: size)
        output = alignedBuffer(count: 2 * bins)
        let (inputMemory, outputMemory) = (input.baseAddress!, output.baseAddress!)
        plan = planner.withLock {
            outputMemory.withMemoryRebound(to: fftw_complex.self, capacity: bins) { complex in
                fftw_plan_dft_r2c_1d(Int32(size), inputMemory, complex, UInt32(FFTW_ESTIMATE | FFTW_PRESERVE_INPUT))!
            }
        }
    }

    deinit {
        planner.withLock { fftw_destroy_plan(plan) }
        fftw_free(input.baseAddress)
        fftw_free(output.baseAddress)
    }

    /// Transforms `input` into `output`. The corresponding C function is `fftw_execute`.
    public func execute() { fftw_execute(plan) }

    /// The number of complex bins, N/2 + 1.
    public var binCount: Int { size / 2 + 1 }
}
