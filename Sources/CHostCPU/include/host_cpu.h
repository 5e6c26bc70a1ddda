// melshard's own C: what the Swift compiler cannot emit for one function without tying the
// whole binary to one CPU. Only Sources/HostCPU imports this module.
#ifndef MELSHARD_HOST_CPU_H
#define MELSHARD_HOST_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// Whether the CPU has the instruction set and the operating system saves its registers
/// (CPUID and XGETBV). Always false on processors other than x86-64.
bool melshard_cpu_has_f16c(void);
bool melshard_cpu_has_avx2(void);
bool melshard_cpu_has_avx512f(void);

/// `count` floats to IEEE binary16 bit patterns, rounded to nearest, ties to even (VCVTPS2PH
/// with an explicit rounding mode, whatever MXCSR says). Call only when
/// `melshard_cpu_has_f16c()` is true.
void melshard_f16c_narrow(const float *source, uint16_t *target, size_t count);

/// `count` IEEE binary16 bit patterns to floats, exactly (VCVTPH2PS). Call only when
/// `melshard_cpu_has_f16c()` is true.
void melshard_f16c_widen(const uint16_t *source, float *target, size_t count);

#endif
