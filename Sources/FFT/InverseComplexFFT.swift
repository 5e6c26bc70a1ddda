import CFFTW
import Foundation

/// A backward complex DFT of fixed size, in double precision, planned once.
///
/// `x[n] = Σ X[k]·e^{+2πikn/N}` for `n = 0…N−1`, unnormalised: FFTW's `FFTW_BACKWARD`, so
/// `numpy.fft.ifft` is this divided by N. The cochleagram's envelopes are its magnitudes
/// (the analytic signal of each channel, docs/features.md).
///
/// Planned with `FFTW_ESTIMATE` for the same reason as `RealFFT`: a measured plan could pick a
/// different algorithm on another run and round differently. Not thread-safe: one per worker.
/// Write N complex values into `input` (interleaved re, im), call `execute()`, read `output`.
public final class InverseComplexFFT {
    /// The transform length N.
    public let size: Int
    /// N complex values, interleaved as re, im (2·N values).
    public let input: UnsafeMutableBufferPointer<Double>
    /// N complex values, interleaved as re, im (2·N values), valid after `execute()`.
    public let output: UnsafeMutableBufferPointer<Double>
    private let plan: fftw_plan

    /// The corresponding C functions are `fftw_malloc` and `fftw_plan_dft_1d`.
    public init(size: Int) {
        precondition(size >= 1, "FFT size must be at least 1")
        self.size = size
        input = alignedBuffer(count: 2 * size)
        output = alignedBuffer(count: 2 * size)
        let (inputMemory, outputMemory) = (input.baseAddress!, output.baseAddress!)
        plan = planner.withLock {
            inputMemory.withMemoryRebound(to: fftw_complex.self, capacity: size) { source in
                outputMemory.withMemoryRebound(to: fftw_complex.self, capacity: size) { target in
                    fftw_plan_dft_1d(
                        Int32(size), source, target, FFTW_BACKWARD, UInt32(FFTW_ESTIMATE | FFTW_PRESERVE_INPUT))!
                }
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
}
