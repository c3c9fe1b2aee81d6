/*
 * The roofline: streaming reads that add the buffer into 64-bit lanes. One
 * load and one add per vector is the least work that still consumes every
 * byte, so no counting kernel of the same width can beat it on the same
 * buffer. Four independent accumulators keep the add latency off the
 * critical path. The result is a checksum, returned only so the loads are
 * not optimised away.
 *
 * Each width is compiled with a target attribute and offered only when the
 * CPU and OS support it, so this file builds at the baseline ISA.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bench.h"

static uint64_t add_tail_bytes(uint64_t sum, const uint8_t *data, size_t len) {
    for (size_t i = 0; i < len; i++)
        sum += data[i];
    return sum;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* 32 0xff, 32 zero, 32 0xff bytes. A 16- or 32-byte load from the right
 * place gives a mask keeping the first h or the last r bytes of a vector, so
 * the unaligned head and the tail are each one load (the tail one overlapping
 * inside the buffer) instead of a scalar loop. */
static const uint8_t mask_window[96] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0,    0,    0,    0,
    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
    0,    0,    0,    0,    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* Bytes from data to the next multiple of `width`. The reads align their main
 * loop as the kernels do, so an unaligned buffer does not make the roofline
 * look lower than the best read of it. */
static size_t head_bytes(const uint8_t *data, size_t width) {
    return (size_t)(-(uintptr_t)data & (width - 1));
}

static uint64_t read128(const uint8_t *data, size_t len) {
    if (len < 16)
        return add_tail_bytes(0, data, len);
    __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0;
    size_t i = head_bytes(data, 16);
    if (i) {
        __m128i keep = _mm_loadu_si128((const __m128i *)(mask_window + 32 - i));
        a0 = _mm_and_si128(_mm_loadu_si128((const __m128i *)data), keep);
    }
    for (; i + 64 <= len; i += 64) {
        a0 = _mm_add_epi64(a0, _mm_load_si128((const __m128i *)(data + i)));
        a1 = _mm_add_epi64(a1, _mm_load_si128((const __m128i *)(data + i + 16)));
        a2 = _mm_add_epi64(a2, _mm_load_si128((const __m128i *)(data + i + 32)));
        a3 = _mm_add_epi64(a3, _mm_load_si128((const __m128i *)(data + i + 48)));
    }
    for (; i + 16 <= len; i += 16)
        a0 = _mm_add_epi64(a0, _mm_load_si128((const __m128i *)(data + i)));
    size_t rest = len - i;
    if (rest) {
        __m128i last = _mm_loadu_si128((const __m128i *)(data + len - 16));
        __m128i keep = _mm_loadu_si128((const __m128i *)(mask_window + 48 + rest));
        a1 = _mm_add_epi64(a1, _mm_and_si128(last, keep));
    }
    __m128i s = _mm_add_epi64(_mm_add_epi64(a0, a1), _mm_add_epi64(a2, a3));
    return (uint64_t)_mm_cvtsi128_si64(s) +
           (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(s, s));
}

__attribute__((target("avx2"))) static uint64_t read256(const uint8_t *data,
                                                        size_t len) {
    if (len < 32)
        return add_tail_bytes(0, data, len);
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
    size_t i = head_bytes(data, 32);
    if (i) {
        __m256i keep = _mm256_loadu_si256((const __m256i *)(mask_window + 32 - i));
        a0 = _mm256_and_si256(_mm256_loadu_si256((const __m256i *)data), keep);
    }
    for (; i + 128 <= len; i += 128) {
        a0 = _mm256_add_epi64(a0, _mm256_load_si256((const __m256i *)(data + i)));
        a1 = _mm256_add_epi64(a1, _mm256_load_si256((const __m256i *)(data + i + 32)));
        a2 = _mm256_add_epi64(a2, _mm256_load_si256((const __m256i *)(data + i + 64)));
        a3 = _mm256_add_epi64(a3, _mm256_load_si256((const __m256i *)(data + i + 96)));
    }
    for (; i + 32 <= len; i += 32)
        a0 = _mm256_add_epi64(a0, _mm256_load_si256((const __m256i *)(data + i)));
    size_t rest = len - i;
    if (rest) {
        __m256i last = _mm256_loadu_si256((const __m256i *)(data + len - 32));
        __m256i keep = _mm256_loadu_si256((const __m256i *)(mask_window + 32 + rest));
        a1 = _mm256_add_epi64(a1, _mm256_and_si256(last, keep));
    }
    __m256i s = _mm256_add_epi64(_mm256_add_epi64(a0, a1), _mm256_add_epi64(a2, a3));
    __m128i h = _mm_add_epi64(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
    return (uint64_t)_mm_cvtsi128_si64(h) +
           (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(h, h));
}

/* Head and tail are masked byte loads (AVX-512BW), as in the kernels. */
__attribute__((target("avx512f,avx512bw"))) static uint64_t
read512(const uint8_t *data, size_t len) {
    __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
    size_t i = head_bytes(data, 64);
    if (i > len)
        i = len;
    if (i)
        a0 = _mm512_maskz_loadu_epi8(~UINT64_C(0) >> (64 - i), data);
    for (; i + 256 <= len; i += 256) {
        a0 = _mm512_add_epi64(a0, _mm512_load_si512(data + i));
        a1 = _mm512_add_epi64(a1, _mm512_load_si512(data + i + 64));
        a2 = _mm512_add_epi64(a2, _mm512_load_si512(data + i + 128));
        a3 = _mm512_add_epi64(a3, _mm512_load_si512(data + i + 192));
    }
    for (; i + 64 <= len; i += 64)
        a0 = _mm512_add_epi64(a0, _mm512_load_si512(data + i));
    size_t rest = len - i;
    if (rest)
        a1 = _mm512_add_epi64(a1, _mm512_maskz_loadu_epi8(~UINT64_C(0) >> (64 - rest), data + i));
    /* Not _mm512_reduce_add_epi64: gcc's version adds as signed long long,
     * and this checksum wraps by design. */
    __m512i s = _mm512_add_epi64(_mm512_add_epi64(a0, a1), _mm512_add_epi64(a2, a3));
    __m256i h = _mm256_add_epi64(_mm512_castsi512_si256(s), _mm512_extracti64x4_epi64(s, 1));
    __m128i q = _mm_add_epi64(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
    return (uint64_t)_mm_cvtsi128_si64(q) +
           (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(q, q));
}

size_t adjeq_bench_reads(const struct adjeq_bench_read **reads) {
    static struct adjeq_bench_read list[3];
    size_t n = 0;
    __builtin_cpu_init();
    list[n++] = (struct adjeq_bench_read){"read128", 128, read128};
    /* libgcc's checks include the OS saving YMM / ZMM state (XCR0). */
    if (__builtin_cpu_supports("avx2"))
        list[n++] = (struct adjeq_bench_read){"read256", 256, read256};
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"))
        list[n++] = (struct adjeq_bench_read){"read512", 512, read512};
    *reads = list;
    return n;
}

#elif defined(__aarch64__)
#include <arm_neon.h>

static uint64_t read128(const uint8_t *data, size_t len) {
    uint64x2_t a0 = vdupq_n_u64(0), a1 = a0, a2 = a0, a3 = a0;
    size_t i = 0;
    for (; i + 64 <= len; i += 64) {
        a0 = vaddq_u64(a0, vreinterpretq_u64_u8(vld1q_u8(data + i)));
        a1 = vaddq_u64(a1, vreinterpretq_u64_u8(vld1q_u8(data + i + 16)));
        a2 = vaddq_u64(a2, vreinterpretq_u64_u8(vld1q_u8(data + i + 32)));
        a3 = vaddq_u64(a3, vreinterpretq_u64_u8(vld1q_u8(data + i + 48)));
    }
    for (; i + 16 <= len; i += 16)
        a0 = vaddq_u64(a0, vreinterpretq_u64_u8(vld1q_u8(data + i)));
    uint64x2_t s = vaddq_u64(vaddq_u64(a0, a1), vaddq_u64(a2, a3));
    return add_tail_bytes(vaddvq_u64(s), data + i, len - i);
}

size_t adjeq_bench_reads(const struct adjeq_bench_read **reads) {
    static const struct adjeq_bench_read list[] = {{"read128", 128, read128}};
    *reads = list;
    return 1;
}

#else

static uint64_t read64(const uint8_t *data, size_t len) {
    uint64_t a0 = 0, a1 = 0;
    size_t i = 0;
    for (; i + 16 <= len; i += 16) {
        uint64_t w0, w1;
        memcpy(&w0, data + i, 8);
        memcpy(&w1, data + i + 8, 8);
        a0 += w0;
        a1 += w1;
    }
    return add_tail_bytes(a0 + a1, data + i, len - i);
}

size_t adjeq_bench_reads(const struct adjeq_bench_read **reads) {
    static const struct adjeq_bench_read list[] = {{"read64", 64, read64}};
    *reads = list;
    return 1;
}

#endif

/* Every read must consume exactly [data, data + len): with one nonzero byte
 * in an otherwise zero buffer the checksum is nonzero exactly when that byte
 * is inside the range. Checks every length up to a few unrolled blocks at
 * every start offset within a cache line. */
int adjeq_bench_reads_selfcheck(void) {
    enum { MAX_LEN = 300, PAD = 64 };
    static _Alignas(64) uint8_t buf[PAD + 64 + MAX_LEN + PAD];
    const struct adjeq_bench_read *reads;
    size_t n = adjeq_bench_reads(&reads);
    memset(buf, 0, sizeof buf);
    for (size_t r = 0; r < n; r++) {
        for (size_t offset = 0; offset < 64; offset++) {
            uint8_t *data = buf + PAD + offset;
            for (size_t len = 0; len <= MAX_LEN; len++) {
                for (size_t pos = 0; pos < len + 2; pos++) {
                    uint8_t *p = data - 1 + pos; /* one byte each side too */
                    *p = 1;
                    int inside = p >= data && p < data + len;
                    int seen = reads[r].fn(data, len) != 0;
                    *p = 0;
                    if (seen != inside)
                        return (int)r + 1;
                }
            }
        }
    }
    return 0;
}
