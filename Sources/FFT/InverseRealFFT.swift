import CFFTW
import Foundation

/// A backward complex-to-real DFT of fixed size, in double precision, planned once.
///
/// Reads N/2 + 1 complex bins `Y[k]` of a Hermitian spectrum and writes
/// `y[n] = Σ_{k=0}^{N−1} Y[k]·e^{+2πikn/N}` for `n = 0…N−1`, the missing bins being
/// `Y[N−k] = conj(Y[k])`, unnormalised: FFTW's `c2r`, so `numpy.fft.irfft` is this divided by N.
/// Equivalently `y[n] = Re Y[0] + 2·Re Σ_{0<k<N/2} Y[k]·e^{+2πikn/N} + Re Y[N/2]·(−1)^n` (the last
/// term for even N only): the imaginary parts of the DC and Nyquist bins are ignored.
///
/// This is the transform that the gradient of a real FFT needs (`MelSpectrogramGradient`): the
/// adjoint of `RealFFT` is this with the DC and Nyquist bins weighted 1 and the others ½.
///
/// Planned with `FFTW_ESTIMATE` for the same reason as `RealFFT`. FFTW's c2r transforms overwrite
/// their input, so `input` holds no meaningful values after `execute()`. Not thread-safe: one per
/// worker. Write N/2 + 1 complex values into `input` (interleaved re, im), call `execute()`, read
/// `output`.
public final class InverseRealFFT {
    /// The transform length N (the length of the real output).
    public let size: Int
    /// N/2 + 1 complex bins, interleaved as re, im (2·(N/2 + 1) values); overwritten by `execute()`.
    public let input: UnsafeMutableBufferPointer<Double>
    /// N real samples, valid after `execute()`.
    public let output: UnsafeMutableBufferPointer<Double>
    private let plan: fftw_plan

    /// The corresponding C functions are `fftw_malloc` and `fftw_plan_dft_c2r_1d`.
    public init(size: Int) {
        precondition(size >= 2, "FFT size must be at least 2")
        self.size = size
        let bins = size / 2 + 1
        input = alignedBuffer(count: 2 * bins)
        output = alignedBuffer(count: size)
        let (inputMemory, outputMemory) = (input.baseAddress!, output.baseAddress!)
        plan = planner.withLock {
            inputMemory.withMemoryRebound(to: fftw_complex.self, capacity: bins) { complex in
                fftw_plan_dft_c2r_1d(Int32(size), complex, outputMemory, UInt32(FFTW_ESTIMATE))!
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

    /// The number of complex bins read, N/2 + 1.
    public var binCount: Int { size / 2 + 1 }
}
