#include "host_cpu.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

// XCR0: which register states the OS saves on a context switch. AVX needs XMM and YMM (bits 1,
// 2); AVX-512 also opmask, upper ZMM and high ZMM (bits 5, 6, 7).
static uint64_t xcr0(void) {
    uint32_t low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((uint64_t)high << 32) | low;
}

static bool os_saves_avx(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
    bool osxsave = c & (1u << 27), avx = c & (1u << 28);
    return osxsave && avx && (xcr0() & 0x6) == 0x6;
}

bool melshard_cpu_has_f16c(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
    return (c & (1u << 29)) && os_saves_avx();
}

bool melshard_cpu_has_avx2(void) {
    unsigned a, b, c, d;
    if (!os_saves_avx() || !__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    return b & (1u << 5);
}

bool melshard_cpu_has_avx512f(void) {
    unsigned a, b, c, d;
    if (!os_saves_avx() || !__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    return (b & (1u << 16)) && (xcr0() & 0xe6) == 0xe6;
}

__attribute__((target("avx,f16c"))) void melshard_f16c_narrow(const float *source, uint16_t *target, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m128i half = _mm256_cvtps_ph(_mm256_loadu_ps(source + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm_storeu_si128((__m128i *)(target + i), half);
    }
    if (i < count) {
        // The last few values through a zeroed block of eight, so no load or store leaves the rows.
        float in[8] = {0};
        uint16_t out[8];
        memcpy(in, source + i, (count - i) * sizeof(float));
        _mm_storeu_si128(
            (__m128i *)out, _mm256_cvtps_ph(_mm256_loadu_ps(in), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        memcpy(target + i, out, (count - i) * sizeof(uint16_t));
    }
}

__attribute__((target("avx,f16c"))) void melshard_f16c_widen(const uint16_t *source, float *target, size_t count) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        _mm256_storeu_ps(target + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(source + i))));
    }
    if (i < count) {
        uint16_t in[8] = {0};
        float out[8];
        memcpy(in, source + i, (count - i) * sizeof(uint16_t));
        _mm256_storeu_ps(out, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)in)));
        memcpy(target + i, out, (count - i) * sizeof(float));
    }
}

#else

bool melshard_cpu_has_f16c(void) { return false; }
bool melshard_cpu_has_avx2(void) { return false; }
bool melshard_cpu_has_avx512f(void) { return false; }
// Never called: the Swift side asks melshard_cpu_has_f16c() first.
void melshard_f16c_narrow(const float *source, uint16_t *target, size_t count) {
    (void)source, (void)target, (void)count;
    __builtin_trap();
}
void melshard_f16c_widen(const uint16_t *source, float *target, size_t count) {
    (void)source, (void)target, (void)count;
    __builtin_trap();
}

#endif
