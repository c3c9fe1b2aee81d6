/*
 * Test builds only: <immintrin.h> with AVX-512F/BW/VBMI through SIMDe's
 * emulation, so the AVX-512 kernels' sources run on hosts without AVX-512
 * (CTest kernel.avx512*.simde). The shipped library never includes this.
 *
 * SIMDe 0.7.4 (Debian 12) lacks the intrinsics below; each is written here
 * element by element from its definition in the Intel Intrinsics Guide. The
 * masked loads read only the selected elements, as the instructions do
 * (fault suppression), so the suite's guard pages test them too.
 */
#ifndef ADJEQ_TEST_SIMDE_AVX512_IMMINTRIN_H
#define ADJEQ_TEST_SIMDE_AVX512_IMMINTRIN_H
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>

#include <stdint.h>
#include <string.h>

typedef simde__mmask8 __mmask8;
typedef simde__mmask16 __mmask16;
typedef simde__mmask32 __mmask32;
typedef simde__mmask64 __mmask64;

static inline uint64_t adjeq_simde_cvtmask64_u64(simde__mmask64 k) { return (uint64_t)k; }

/* Per 128-bit lane: the lane of a above the lane of b, shifted right by
 * `count` bytes. */
static inline simde__m512i adjeq_simde_alignr_epi8(simde__m512i a, simde__m512i b, int count) {
    simde__m512i_private x = simde__m512i_to_private(a), y = simde__m512i_to_private(b), r;
    for (int lane = 0; lane < 4; lane++) {
        uint8_t both[32];
        for (int j = 0; j < 16; j++) {
            both[j] = y.u8[16 * lane + j];
            both[16 + j] = x.u8[16 * lane + j];
        }
        for (int j = 0; j < 16; j++)
            r.u8[16 * lane + j] = j + count < 32 ? both[j + count] : 0;
    }
    return simde__m512i_from_private(r);
}

/* a above b as 32 dwords, shifted right by `count` dwords (count mod 16). */
static inline simde__m512i adjeq_simde_alignr_epi32(simde__m512i a, simde__m512i b, int count) {
    simde__m512i_private x = simde__m512i_to_private(a), y = simde__m512i_to_private(b), r;
    uint32_t both[32];
    for (int j = 0; j < 16; j++) {
        both[j] = y.u32[j];
        both[16 + j] = x.u32[j];
    }
    for (int j = 0; j < 16; j++)
        r.u32[j] = both[j + (count & 15)];
    return simde__m512i_from_private(r);
}

#define ADJEQ_SIMDE_MASKZ_LOADU(bits, count, mask_type)                          \
    static inline simde__m512i adjeq_simde_maskz_loadu_epi##bits(mask_type k,     \
                                                                 const void *p) { \
        simde__m512i_private r;                                                  \
        memset(&r, 0, sizeof r);                                                 \
        for (int j = 0; j < count; j++)                                          \
            if ((uint64_t)k >> j & 1)                                            \
                memcpy((char *)&r + j * (bits / 8), (const char *)p + j * (bits / 8), \
                       bits / 8);                                                \
        return simde__m512i_from_private(r);                                     \
    }
ADJEQ_SIMDE_MASKZ_LOADU(8, 64, simde__mmask64)
ADJEQ_SIMDE_MASKZ_LOADU(16, 32, simde__mmask32)
ADJEQ_SIMDE_MASKZ_LOADU(32, 16, simde__mmask16)
ADJEQ_SIMDE_MASKZ_LOADU(64, 8, simde__mmask8)

/* a above b as 16 qwords, shifted right by `count` qwords (count mod 8). */
static inline simde__m512i adjeq_simde_alignr_epi64(simde__m512i a, simde__m512i b, int count) {
    simde__m512i_private x = simde__m512i_to_private(a), y = simde__m512i_to_private(b), r;
    uint64_t both[16];
    for (int j = 0; j < 8; j++) {
        both[j] = y.u64[j];
        both[8 + j] = x.u64[j];
    }
    for (int j = 0; j < 8; j++)
        r.u64[j] = both[j + (count & 7)];
    return simde__m512i_from_private(r);
}

static inline simde__mmask32 adjeq_simde_mask_cmpeq_epi16_mask(simde__mmask32 k, simde__m512i a,
                                                               simde__m512i b) {
    simde__m512i_private x = simde__m512i_to_private(a), y = simde__m512i_to_private(b);
    simde__mmask32 r = 0;
    for (int j = 0; j < 32; j++)
        r |= (simde__mmask32)(x.u16[j] == y.u16[j]) << j;
    return r & k;
}

static inline simde__mmask32 adjeq_simde_cmpeq_epi16_mask(simde__m512i a, simde__m512i b) {
    return adjeq_simde_mask_cmpeq_epi16_mask(~(simde__mmask32)0, a, b);
}

static inline simde__mmask64 adjeq_simde_mask_cmplt_epu8_mask(simde__mmask64 k, simde__m512i a,
                                                              simde__m512i b) {
    simde__m512i_private x = simde__m512i_to_private(a), y = simde__m512i_to_private(b);
    simde__mmask64 r = 0;
    for (int j = 0; j < 64; j++)
        r |= (simde__mmask64)(x.u8[j] < y.u8[j]) << j;
    return r & k;
}

static inline simde__mmask64 adjeq_simde_mask_cmpgt_epu8_mask(simde__mmask64 k, simde__m512i a,
                                                              simde__m512i b) {
    return adjeq_simde_mask_cmplt_epu8_mask(k, b, a);
}

/* 1 when a | b has no bit set (kortestq's zero flag). */
static inline unsigned char adjeq_simde_kortestz_mask64_u8(simde__mmask64 a, simde__mmask64 b) {
    return (a | b) == 0;
}

#define _cvtmask64_u64 adjeq_simde_cvtmask64_u64
#define _kortestz_mask64_u8 adjeq_simde_kortestz_mask64_u8
#define _mm512_alignr_epi8 adjeq_simde_alignr_epi8
#define _mm512_alignr_epi32 adjeq_simde_alignr_epi32
#define _mm512_alignr_epi64 adjeq_simde_alignr_epi64
#define _mm512_maskz_loadu_epi64 adjeq_simde_maskz_loadu_epi64
#define _mm512_maskz_loadu_epi8 adjeq_simde_maskz_loadu_epi8
#define _mm512_maskz_loadu_epi16 adjeq_simde_maskz_loadu_epi16
#define _mm512_maskz_loadu_epi32 adjeq_simde_maskz_loadu_epi32
#define _mm512_cmpeq_epi16_mask adjeq_simde_cmpeq_epi16_mask
#define _mm512_mask_cmpeq_epi16_mask adjeq_simde_mask_cmpeq_epi16_mask
#define _mm512_mask_cmplt_epu8_mask adjeq_simde_mask_cmplt_epu8_mask
#define _mm512_mask_cmpgt_epu8_mask adjeq_simde_mask_cmpgt_epu8_mask

#endif
