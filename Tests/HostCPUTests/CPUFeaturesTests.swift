import Foundation
import HostCPU
import Testing

@Suite struct CPUFeaturesTests {
    /// CPUID as melshard reads it agrees with what the kernel reports in /proc/cpuinfo (which
    /// also leaves out what the OS does not enable).
    @Test func featuresAgreeWithTheKernel() throws {
        let host = CPUFeatures.host
        #if arch(x86_64) && os(Linux)
            let text = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("flags") })
            let flags = Set(line.split(separator: ":")[1].split(separator: " ").map(String.init))
            #expect(host.f16c == flags.contains("f16c"))
            #expect(host.avx2 == flags.contains("avx2"))
            #expect(host.avx512f == flags.contains("avx512f"))
            #expect(HalfPrecision.Path.available.contains(.f16c) == host.f16c)
        #else
            #expect(host == CPUFeatures(f16c: false, avx2: false, avx512f: false))
        #endif
    }
}
