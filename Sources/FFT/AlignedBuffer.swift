import CFFTW

/// `count` doubles from `fftw_malloc` (aligned as FFTW's SIMD codelets want), zeroed. Every
/// transform of this module allocates its buffers here and frees them with `fftw_free`.
func alignedBuffer(count: Int) -> UnsafeMutableBufferPointer<Double> {
    let memory = fftw_malloc(MemoryLayout<Double>.stride * count)!.bindMemory(to: Double.self, capacity: count)
    let buffer = UnsafeMutableBufferPointer(start: memory, count: count)
    buffer.initialize(repeating: 0)
    return buffer
}
