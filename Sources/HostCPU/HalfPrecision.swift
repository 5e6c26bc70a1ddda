import CHostCPU

/// Whole rows converted between float32 and IEEE float16 (binary16), with F16C where the CPU
/// has it and in software otherwise. Both paths round to nearest, ties to even, and give the
/// same bits for every input, NaN payloads included (`Tests/HostCPUTests` checks every special
/// value and millions of others); the hardware path converts eight values per instruction where
/// the software path calls a runtime function per value.
public enum HalfPrecision {
    /// How a row is converted.
    public enum Path: Sendable, CaseIterable {
        /// Swift's `Float16` initialisers: the compiler runtime's `__truncsfhf2` and
        /// `__extendhfsf2` on x86-64, one call per value.
        case software
        /// VCVTPS2PH and VCVTPH2PS, eight values at a time.
        case f16c

        /// The paths this CPU can run.
        public static var available: [Path] { CPUFeatures.host.f16c ? [.software, .f16c] : [.software] }
    }

    /// The fastest path this CPU can run.
    public static let fastest: Path = CPUFeatures.host.f16c ? .f16c : .software

    /// `source[i]` rounded to float16 (nearest, ties to even) into `target[i]` as bit patterns;
    /// `target` has room for `source.count` values.
    public static func narrow(
        _ source: UnsafeBufferPointer<Float>, into target: UnsafeMutableBufferPointer<UInt16>, path: Path = fastest
    ) {
        precondition(target.count >= source.count, "float16 row shorter than its source")
        guard let from = source.baseAddress, let to = target.baseAddress else { return }
        switch path {
        case .f16c:
            precondition(CPUFeatures.host.f16c, "this CPU has no F16C")
            melshard_f16c_narrow(from, to, source.count)
        case .software:
            for i in 0..<source.count { to[i] = Float16(from[i]).bitPattern }
        }
    }

    /// The float16 bit patterns `source[i]` widened (exactly) into `target[i]`; `target` has room
    /// for `source.count` values.
    public static func widen(
        _ source: UnsafeBufferPointer<UInt16>, into target: UnsafeMutableBufferPointer<Float>, path: Path = fastest
    ) {
        precondition(target.count >= source.count, "float32 row shorter than its source")
        guard let from = source.baseAddress, let to = target.baseAddress else { return }
        switch path {
        case .f16c:
            precondition(CPUFeatures.host.f16c, "this CPU has no F16C")
            melshard_f16c_widen(from, to, source.count)
        case .software:
            for i in 0..<source.count { to[i] = Float(Float16(bitPattern: from[i])) }
        }
    }
}
