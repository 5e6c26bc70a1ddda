import CHostCPU

/// The vector instruction sets this CPU offers and the operating system enables, read once
/// with CPUID and XGETBV. All false on processors other than x86-64.
///
/// melshard's results never depend on these: they choose how fast a result is computed (float16
/// rows through F16C), and explain a slow machine (a BLAS library running its generic kernel on
/// a CPU with AVX2 or AVX-512).
public struct CPUFeatures: Sendable, Equatable, Codable {
    /// Float32 ↔ float16 conversion of eight values per instruction.
    public var f16c: Bool
    public var avx2: Bool
    public var avx512f: Bool

    public init(f16c: Bool, avx2: Bool, avx512f: Bool) {
        self.f16c = f16c
        self.avx2 = avx2
        self.avx512f = avx512f
    }

    /// This machine's.
    public static let host = CPUFeatures(
        f16c: melshard_cpu_has_f16c(), avx2: melshard_cpu_has_avx2(), avx512f: melshard_cpu_has_avx512f())

    /// The widest vector set, as a person would name it: `AVX-512`, `AVX2`, or `no AVX2`.
    public var widestVectors: String { avx512f ? "AVX-512" : avx2 ? "AVX2" : "no AVX2" }
}
