import CBLAS
import Foundation

/// Thin wrappers over OpenBLAS's CBLAS routines, row-major throughout.
public enum BLAS {
    /// Whether a matrix operand is used as stored or transposed.
    public enum Transpose: Sendable {
        case none, transposed
        var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
    }

    /// `C = alpha · op(A) · op(B) + beta · C` in single precision, with row-major matrices:
    /// op(A) is m×k, op(B) is k×n, C is m×n. `lda`, `ldb`, `ldc` are the row strides as stored.
    /// The corresponding C function is `cblas_sgemm`.
    public static func sgemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA.cblas, transB.cblas, Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Sets how many threads OpenBLAS may use inside one call.
    ///
    /// melshard runs its own workers for feature extraction and keeps OpenBLAS at one thread
    /// there, so that two jobs do not fight over cores and results never depend on how OpenBLAS
    /// splits the work. The corresponding C function is `openblas_set_num_threads`.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }

    /// How many threads OpenBLAS may use inside one call: what `setThreadCount` last set, or
    /// OpenBLAS's own default (one per core) before that. The corresponding C function is
    /// `openblas_get_num_threads`.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// The name of the kernel OpenBLAS chose for this CPU, such as `Haswell`, `Zen` or `SkylakeX`.
    ///
    /// Debian 12's OpenBLAS 0.3.21 does not recognise some recent CPUs and then runs its generic
    /// `Prescott` kernel, several times slower; `melshard train` and `melshard bench train`
    /// print this name so that a slow machine explains itself. The corresponding C function is
    /// `openblas_get_corename`.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(decoding: UnsafeRawBufferPointer(start: name, count: strlen(name)), as: UTF8.self)
    }
}
