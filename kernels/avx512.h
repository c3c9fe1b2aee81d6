/*
 * The AVX-512 kernels' bodies, shared by avx512bw.c and avx512vbmi.c, which
 * differ only in how they build "the next 64 bytes, shifted by one" in
 * registers. The including file defines, before this:
 *   static __m512i shift_in_next(__m512i cur, __m512i next);
 *     -> bytes 1..63 of cur followed by byte 0 of next
 *   (or names this header's shift_in_next_lanes)
 * and ends with  ADJEQ_KERNEL_OPS(name) = ADJEQ_AVX512_OPS;
 *
 * These keep bodies of their own instead of kernels/template.h's: compare
 * masks and POPCNT count without lane accumulators (on Zen 4, 117 GB/s in
 * L1 against 87 GB/s for accumulating the masks into byte lanes with masked
 * subtracts; docs/benchmarks.md), and masked loads make heads and tails one
 * fault-suppressing step each, so nothing outside [data, data + len) is read.
 * Each byte is loaded once, from 64-byte aligned addresses (no split loads).
 * The UTF-8 and UTF-16 windows are the templates' (tpl_utf8.h, tpl_utf16.h)
 * over mask builders of their own, one mask bit per element.
 */
#ifndef ADJEQ_AVX512_H
#define ADJEQ_AVX512_H

#include <immintrin.h>

#include "compiler.h"
#include "ops.h"
#include "popcount.h"

#define BLOCK 64

static inline size_t count_bits(__mmask64 mask) {
    return adjeq_popcount64_insn(_cvtmask64_u64(mask));
}

/*
 * Masked loads near the end of the buffer: the lanes they suppress may lie
 * on the next page, and where that page is not mapped or not yet touched
 * (a buffer that ends at a page's end) Intel's cores suppress the fault
 * with a microcode assist. On the Xeon of docs/benchmarks.md, 150-260 ns
 * per call: a 40-byte count took 265 ns against AVX2's 3, and the
 * benchmark's own 4 KiB buffer at offset 0 ran at 20 GB/s against 80-90 at
 * offsets 1 and 63 (its next page filled once, then reached only by
 * suppressed lanes). So a masked access whose 64 bytes would reach a page
 * beyond its last valid byte is moved back by `back` bytes to end at that
 * byte, its live lanes moved up alike: its suppressed lanes then lie before
 * the first valid byte, on that byte's page (a page holds more than 128
 * bytes), and none can fault. A buffer of one block takes a rarely taken
 * branch to such a copy of its loads, so the common path's loads need not
 * wait for the test. A longer buffer's head and tail blocks lie inside it
 * (the head from its first byte, the tail ending at its last): plain loads,
 * which suppress nothing and need not wait for the lane mask, and a masked
 * compare.
 */
#define AVX512_PAGE 4096 /* x86's smallest page */
/* Whether loads of the `reach` bytes at p would cross into the next page:
 * from p alone, so it does not wait for the length (where they would,
 * ending them at the buffer's last byte is as safe when they need not). */
static inline int reaches_next_page(const uint8_t *p, size_t reach) {
    return ((uintptr_t)p & (AVX512_PAGE - 1)) > AVX512_PAGE - reach;
}

/* The low n of 64 lanes, for 1 <= n <= 64 (every caller has a lane to
 * count): one shift, no branch for n = 64, and not BZHI, since these
 * kernels are selected without checking BMI2. */
static inline __mmask64 low_lanes(size_t n) {
    return ~UINT64_C(0) >> (64 - n);
}

/* Pairs at p[0 .. n) for n <= 64, with masked loads of the 65 bytes at
 * p - back. */
static ADJEQ_ALWAYS_INLINE size_t count_pairs_back(const uint8_t *p, size_t n, size_t back) {
    __mmask64 live = low_lanes(n) << back;
    __m512i a = _mm512_maskz_loadu_epi8(live, p - back);
    __m512i b = _mm512_maskz_loadu_epi8(live, p - back + 1);
    return count_bits(_mm512_mask_cmpeq_epi8_mask(live, a, b));
}
/* Pairs in the lanes `live` of the block at p, whose 65 bytes lie inside
 * the buffer. */
static ADJEQ_ALWAYS_INLINE size_t count_pairs_inside(const uint8_t *p, __mmask64 live) {
    return count_bits(_mm512_mask_cmpeq_epi8_mask(live, _mm512_loadu_si512((const void *)p),
                                                  _mm512_loadu_si512((const void *)(p + 1))));
}
/* Any byte 80..FF in the lanes `live` of the block at p, inside the buffer. */
static ADJEQ_ALWAYS_INLINE int any_high_inside(const uint8_t *p, __mmask64 live) {
    return (_mm512_movepi8_mask(_mm512_loadu_si512((const void *)p)) & live) != 0;
}
/* The same for a buffer of n + 1 bytes at p. */
static ADJEQ_ALWAYS_INLINE size_t count_pairs_masked(const uint8_t *p, size_t n) {
    if (ADJEQ_UNLIKELY(reaches_next_page(p, BLOCK + 1)))
        return count_pairs_back(p, n, BLOCK - n);
    return count_pairs_back(p, n, 0);
}

/* The AVX-512BW shift: vpalignr works within 128-bit lanes, so first bring
 * each lane's successor lane (and next's lane 0 for the top one) into place
 * with valignd. Two shuffles, yet on Sapphire Rapids faster than the one
 * vpermt2b (avx512vbmi.c), so the Intel tables use it in both kernels. */
static inline __m512i shift_in_next_lanes(__m512i cur, __m512i next) {
    __m512i successor_lanes = _mm512_alignr_epi32(next, cur, 4);
    return _mm512_alignr_epi8(successor_lanes, cur, 1);
}

/* Where a 4-block step gets each block's +1 bytes: from an unaligned load
 * (a line split) or the in-register shift (see avx512_bytes_body). */
#define AVX512_SHIFT 0     /* every block shifted in registers */
#define AVX512_ALTERNATE 1 /* shift in blocks 0 and 2, load in blocks 1 and 3 */
#define AVX512_LOADS 2     /* every block's +1 bytes loaded */

static ADJEQ_ALWAYS_INLINE size_t count_pairs(__m512i cur, __m512i next, int technique) {
    __m512i shifted = technique != AVX512_SHIFT ? shift_in_next_lanes(cur, next)
                                                : shift_in_next(cur, next);
    return count_bits(_mm512_cmpeq_epi8_mask(cur, shifted));
}

/* Software prefetch distance of the Intel tables: 1 KiB ahead (16 lines),
 * issued only for buffers above AVX512_PREFETCH_MIN, which an L1-resident
 * loop would pay for with load-port slots (below it every block's +1 bytes
 * are loaded: in L1 the split loads are cheaper than the shuffles). On
 * Sapphire Rapids (docs/benchmarks.md) the 4-block alternation ran at
 * 92-104 GB/s from L2 without it and 108-121 with it (micro-loops, one
 * process); distances of 768 B to 2 KiB were within noise of each other,
 * 256 B gained nothing. The library's A/B found the same 1.15-1.3x in one
 * hour and none in the next, when the old loop ran as fast: never slower. */
#define AVX512_PREFETCH 1024
#define AVX512_PREFETCH_MIN (32 << 10)

/* Pairs whose first byte is in cur: the +1 bytes loaded from `plus1`, or
 * shifted in from next. */
static ADJEQ_ALWAYS_INLINE size_t block_pairs(__m512i cur, __m512i next, const uint8_t *plus1,
                                              int load, int technique) {
    if (load)
        return count_bits(_mm512_cmpeq_epi8_mask(cur, _mm512_loadu_si512((const void *)plus1)));
    return count_pairs(cur, next, technique);
}

/* One step of 4 blocks: pairs whose first byte lies in p[0 .. 256). *cur
 * holds p[0 .. 64) and becomes p[256 .. 320); c[0..3] are the step's
 * independent counts. */
static ADJEQ_ALWAYS_INLINE void avx512_bytes_step(const uint8_t *p, __m512i *cur,
                                                  size_t c[4], int technique,
                                                  size_t prefetch) {
    if (prefetch)
        for (unsigned line = 0; line < 4; line++)
            _mm_prefetch((const char *)(p + prefetch + line * BLOCK), _MM_HINT_T0);
    __m512i n1 = _mm512_load_si512((const void *)(p + BLOCK));
    __m512i n2 = _mm512_load_si512((const void *)(p + 2 * BLOCK));
    __m512i n3 = _mm512_load_si512((const void *)(p + 3 * BLOCK));
    __m512i n4 = _mm512_load_si512((const void *)(p + 4 * BLOCK));
    ADJEQ_KEEP_IN_REGISTER(n1);
    ADJEQ_KEEP_IN_REGISTER(n2);
    ADJEQ_KEEP_IN_REGISTER(n3);
    ADJEQ_KEEP_IN_REGISTER(n4);
    /* Blocks 0 and 2 load their +1 bytes only in the all-loads technique,
     * blocks 1 and 3 in every technique but the shift. */
    int even_load = technique == AVX512_LOADS, odd_load = technique != AVX512_SHIFT;
    c[0] += block_pairs(*cur, n1, p + 1, even_load, technique);
    c[1] += block_pairs(n1, n2, p + BLOCK + 1, odd_load, technique);
    c[2] += block_pairs(n2, n3, p + 2 * BLOCK + 1, even_load, technique);
    c[3] += block_pairs(n3, n4, p + 3 * BLOCK + 1, odd_load, technique);
    *cur = n4;
}

/* Whether the step at p (its first block in cur) holds a byte 80..FF. */
static ADJEQ_ALWAYS_INLINE int step_any_high(const uint8_t *p, __m512i cur) {
    __m512i any = _mm512_ternarylogic_epi64(cur, _mm512_load_si512((const void *)(p + BLOCK)),
                                            _mm512_load_si512((const void *)(p + 2 * BLOCK)),
                                            0xfe);
    any = _mm512_or_si512(any, _mm512_load_si512((const void *)(p + 3 * BLOCK)));
    return _mm512_movepi8_mask(any) != 0;
}

/*
 * One loop, two techniques for the odd blocks of each step: the in-register
 * shift everywhere (each byte loaded once), or an unaligned load of the +1
 * bytes instead of the shift in blocks 1 and 3. Intel's AVX-512 cores run
 * both the 512-bit shuffle and the compare into a mask on port 5 only, so
 * the shift-everywhere loop costs two port-5 uops per 64-byte block there;
 * the alternation costs 1.5, paying with one line split per load instead
 * (Sapphire Rapids, one pinned core, avx512vbmi: 4 KiB 100 against 72 GB/s,
 * 1 MiB 81 against 72). Zen 4 runs every variant at the same speed in L1
 * (docs/benchmarks.md), so AMD keeps the loads-once loop without prefetch.
 * Dispatch picks the table (ops.h: one_shuffle_port). The prefetching loop
 * stops AVX512_PREFETCH short of the end, so no prefetch leaves the buffer.
 * With stop_ascii (a constant), the count over the ASCII bytes at the start,
 * as tpl_bytes_body's (kernels/tpl_bytes.h): each step's blocks are tested
 * for bytes 80..FF before their pairs count.
 */
static ADJEQ_ALWAYS_INLINE size_t avx512_bytes_body(const uint8_t *data, size_t len,
                                                    int technique, size_t prefetch,
                                                    int stop_ascii, size_t *ascii_end) {
    if (stop_ascii && len < 4 * BLOCK) {
        *ascii_end = 0;
        return 0;
    }
    if (len < 2)
        return 0;
    size_t pairs = len - 1, count = 0;
    /* Up to 64 pairs: one masked compare wherever the bytes sit (masked-off
     * lanes never fault), not a head and a tail on each side of a 64-byte
     * boundary whose branches a mix of short lengths and offsets mispredicts
     * (a million strings of 5-50 bytes, Zen 5: 14.6 -> 8.9 ms; python/README.md). */
    if (pairs <= BLOCK)
        return count_pairs_masked(data, pairs);

    /* Head: pairs up to the first 64-byte boundary (its 65 bytes inside
     * the buffer: more than 64 pairs). */
    size_t i = (size_t)(-(uintptr_t)data & (BLOCK - 1));
    if (i) {
        if (stop_ascii && any_high_inside(data, low_lanes(i))) {
            *ascii_end = 0;
            return 0;
        }
        count = count_pairs_inside(data, low_lanes(i));
    }

    /* Main loop: block i and its successor both lie inside the buffer. */
    if (i + 2 * BLOCK <= len) {
        __m512i cur = _mm512_load_si512((const void *)(data + i));
        size_t c[4] = {0, 0, 0, 0};
        int stopped = 0;
        /* Prefetching tables: below AVX512_PREFETCH_MIN every block's +1
         * bytes are loaded instead (see AVX512_PREFETCH). */
        /* With stop_ascii, each loop stops before a step whose own blocks
         * hold a byte 80..FF; the loops after it stop there too. */
        if (prefetch && len >= AVX512_PREFETCH_MIN)
            for (; i + 5 * BLOCK + prefetch <= len && !(stop_ascii && step_any_high(data + i, cur));
                 i += 4 * BLOCK)
                avx512_bytes_step(data + i, &cur, c, technique, prefetch);
        if (prefetch && len < AVX512_PREFETCH_MIN)
            for (; i + 5 * BLOCK <= len && !(stop_ascii && step_any_high(data + i, cur));
                 i += 4 * BLOCK)
                avx512_bytes_step(data + i, &cur, c, AVX512_LOADS, 0);
        for (; i + 5 * BLOCK <= len && !(stop_ascii && step_any_high(data + i, cur));
             i += 4 * BLOCK)
            avx512_bytes_step(data + i, &cur, c, technique, 0);
        for (; i + 2 * BLOCK <= len; i += BLOCK) {
            if (stop_ascii && _mm512_movepi8_mask(cur)) {
                stopped = 1;
                break;
            }
            __m512i next = _mm512_load_si512((const void *)(data + i + BLOCK));
            c[0] += count_pairs(cur, next, technique);
            cur = next;
        }
        count += c[0] + c[1] + c[2] + c[3];
        if (stopped) {
            *ascii_end = i;
            return count;
        }
    }

    /* Tail: fewer than 2 * BLOCK bytes, so a whole block at most, then the
     * block that ends at the buffer's last byte, its lanes before i (pairs
     * already counted) dropped. */
    for (__mmask64 live = ~(__mmask64)0; i < pairs; i += BLOCK) {
        const uint8_t *at = data + i;
        if (pairs - i < BLOCK) {
            at = data + pairs - BLOCK;
            live <<= BLOCK - (pairs - i);
        }
        if (stop_ascii && any_high_inside(at, live)) {
            *ascii_end = i;
            return count;
        }
        count += count_pairs_inside(at, live);
    }
    if (stop_ascii)
        *ascii_end = len;
    return count;
}

/* --- 16-, 32- and 64-bit units, integers or IEEE floats ----------------
 * width and is_float are constants in every caller. */

/* A block holds at most 32 of these units, so their lane masks are 32-bit
 * values: on 32-bit x86, GCC 12 built the 64-bit AND of a zero-extended
 * 32-lane compare mask and a 64-bit lane mask with an upper half read from
 * a stack slot nothing wrote (u16 miscounted). */
static inline uint32_t wide_low_lanes(size_t n) { /* 1 <= n <= 32 */
    return ~UINT32_C(0) >> (32 - n);
}
static inline size_t count_wide_bits(uint32_t mask) {
    return adjeq_popcount64_insn(mask);
}

/* Equal elements of a and b as a mask, one bit per element. Float compares
 * are ordered (NaN equals nothing) and -0.0 equals 0.0. */
static ADJEQ_ALWAYS_INLINE uint32_t elements_equal(__m512i a, __m512i b, size_t width,
                                                   int is_float) {
    if (is_float && width == 4)
        return _mm512_cmp_ps_mask(_mm512_castsi512_ps(a), _mm512_castsi512_ps(b), _CMP_EQ_OQ);
    if (is_float)
        return _mm512_cmp_pd_mask(_mm512_castsi512_pd(a), _mm512_castsi512_pd(b), _CMP_EQ_OQ);
    if (width == 2)
        return _mm512_cmpeq_epi16_mask(a, b);
    if (width == 4)
        return _mm512_cmpeq_epi32_mask(a, b);
    return _mm512_cmpeq_epi64_mask(a, b);
}

/* Element pairs at p[0 .. k) for k <= BLOCK / width, with masked loads of
 * the bytes from p - back * width (back in elements). */
static ADJEQ_ALWAYS_INLINE size_t wide_pairs_back(const uint8_t *p, size_t k, size_t back,
                                                  size_t width, int is_float) {
    uint32_t live = wide_low_lanes(k) << back;
    p -= back * width;
    __m512i a, b;
    if (width == 2) {
        a = _mm512_maskz_loadu_epi16((__mmask32)live, p);
        b = _mm512_maskz_loadu_epi16((__mmask32)live, p + 2);
    } else if (width == 4) {
        a = _mm512_maskz_loadu_epi32((__mmask16)live, p);
        b = _mm512_maskz_loadu_epi32((__mmask16)live, p + 4);
    } else {
        a = _mm512_maskz_loadu_epi64((__mmask8)live, p);
        b = _mm512_maskz_loadu_epi64((__mmask8)live, p + 8);
    }
    /* The zeroed lanes compare equal as integers and as 0.0: drop them. */
    return count_wide_bits(elements_equal(a, b, width, is_float) & live);
}
/* Element pairs in the lanes `live` of the block at p, whose bytes lie
 * inside the buffer. */
static ADJEQ_ALWAYS_INLINE size_t wide_pairs_inside(const uint8_t *p, uint32_t live, size_t width,
                                                    int is_float) {
    __m512i a = _mm512_loadu_si512((const void *)p);
    __m512i b = _mm512_loadu_si512((const void *)(p + width));
    return count_wide_bits(elements_equal(a, b, width, is_float) & live);
}
/* The same for a buffer of k + 1 elements at p (as count_pairs_masked). */
static ADJEQ_ALWAYS_INLINE size_t wide_pairs_masked(const uint8_t *p, size_t k,
                                                    size_t width, int is_float) {
    if (ADJEQ_UNLIKELY(reaches_next_page(p, BLOCK + width)))
        return wide_pairs_back(p, k, BLOCK / width - k, width, is_float);
    return wide_pairs_back(p, k, 0, width, is_float);
}

/* Pairs whose first element is in cur; next is the following block. The
 * shifted vector comes from one two-source permute (vpermt2w, AVX-512BW) or
 * element align (valignd, valignq), so each byte is loaded once. */
static ADJEQ_ALWAYS_INLINE size_t wide_pairs(__m512i cur, __m512i next, size_t width,
                                             int is_float, int technique) {
    __m512i shifted;
    if (width == 2 && technique == AVX512_ALTERNATE) {
        /* As shift_in_next_lanes, by one element: faster than vpermt2w on
         * Sapphire Rapids. */
        shifted = _mm512_alignr_epi8(_mm512_alignr_epi32(next, cur, 4), cur, 2);
    } else if (width == 2) {
        /* Index 32 + k selects element k of next. */
        static const uint16_t one_ahead[32] = {
            1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
            17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
        shifted = _mm512_permutex2var_epi16(cur, _mm512_loadu_si512((const void *)one_ahead),
                                            next);
    } else if (width == 4) {
        shifted = _mm512_alignr_epi32(next, cur, 1);
    } else {
        shifted = _mm512_alignr_epi64(next, cur, 1);
    }
    return count_wide_bits(elements_equal(cur, shifted, width, is_float));
}

/* Pairs whose first element is in cur, the next elements loaded from
 * `next` (cur's address + width). */
static ADJEQ_ALWAYS_INLINE size_t wide_pairs_loaded(__m512i cur, const uint8_t *next,
                                                    size_t width, int is_float) {
    __m512i shifted = _mm512_loadu_si512((const void *)next);
    return count_wide_bits(elements_equal(cur, shifted, width, is_float));
}

/* One step of 4 blocks, as avx512_bytes_step. */
static ADJEQ_ALWAYS_INLINE void avx512_wide_step(const uint8_t *p, __m512i *cur, size_t c[4],
                                                 size_t width, int is_float, int technique,
                                                 size_t prefetch) {
    if (prefetch)
        for (unsigned line = 0; line < 4; line++)
            _mm_prefetch((const char *)(p + prefetch + line * BLOCK), _MM_HINT_T0);
    __m512i n1 = _mm512_loadu_si512((const void *)(p + BLOCK));
    __m512i n2 = _mm512_loadu_si512((const void *)(p + 2 * BLOCK));
    __m512i n3 = _mm512_loadu_si512((const void *)(p + 3 * BLOCK));
    __m512i n4 = _mm512_loadu_si512((const void *)(p + 4 * BLOCK));
    ADJEQ_KEEP_IN_REGISTER(n1);
    ADJEQ_KEEP_IN_REGISTER(n2);
    ADJEQ_KEEP_IN_REGISTER(n3);
    ADJEQ_KEEP_IN_REGISTER(n4);
    int load = technique == AVX512_ALTERNATE;
    c[0] += wide_pairs(*cur, n1, width, is_float, technique);
    c[1] += load ? wide_pairs_loaded(n1, p + BLOCK + width, width, is_float)
                 : wide_pairs(n1, n2, width, is_float, technique);
    c[2] += wide_pairs(n2, n3, width, is_float, technique);
    c[3] += load ? wide_pairs_loaded(n3, p + 3 * BLOCK + width, width, is_float)
                 : wide_pairs(n3, n4, width, is_float, technique);
    *cur = n4;
}

/* As the byte loop: the alternation replaces the shift of blocks 1 and 3
 * of each step with an unaligned load, and the Intel tables prefetch (see
 * avx512_bytes_body). */
static ADJEQ_ALWAYS_INLINE size_t avx512_count_wide(const uint8_t *data, size_t n,
                                                    size_t width, int is_float,
                                                    int technique, size_t prefetch) {
    if (n < 2)
        return 0;
    size_t count = 0;
    /* Up to one block of pairs: one masked compare (as avx512_bytes_body). */
    if (n - 1 <= BLOCK / width)
        return wide_pairs_masked(data, n - 1, width, is_float);
    /* Head: pairs up to the first 64-byte boundary, so the main loop never
     * splits a cache line (only when data is element-aligned; otherwise no
     * boundary is reachable). */
    if ((uintptr_t)data % width == 0) {
        /* Fewer than BLOCK / width: below the pairs of a longer buffer. */
        size_t head = (size_t)(-(uintptr_t)data & (BLOCK - 1)) / width;
        if (head) {
            /* Inside the buffer, as the byte head's. */
            count = wide_pairs_inside(data, wide_low_lanes(head), width, is_float);
            data += head * width;
            n -= head;
        }
    }
    size_t bytes = n * width, i = 0;
    /* From 5 blocks on; fewer go to the tail's loop, which carries no
     * block from one to the next (u16/u32 at 128-320 B: 1.1-1.4x). */
    if (5 * BLOCK <= bytes) {
        __m512i cur = _mm512_loadu_si512((const void *)data);
        size_t c[4] = {0, 0, 0, 0};
        if (prefetch && bytes >= AVX512_PREFETCH_MIN)
            for (; i + 5 * BLOCK + prefetch <= bytes; i += 4 * BLOCK)
                avx512_wide_step(data + i, &cur, c, width, is_float, technique, prefetch);
        for (; i + 5 * BLOCK <= bytes; i += 4 * BLOCK)
            avx512_wide_step(data + i, &cur, c, width, is_float, technique, 0);
        for (; i + 2 * BLOCK <= bytes; i += BLOCK) {
            __m512i next = _mm512_loadu_si512((const void *)(data + i + BLOCK));
            c[0] += wide_pairs(cur, next, width, is_float, technique);
            cur = next;
        }
        /* No lane accumulators: each block's mask popcount (<= 64) goes
         * straight into a size_t, which holds any pair count of a buffer
         * that fits in memory (above 2^32 included). */
        count += c[0] + c[1] + c[2] + c[3];
    }
    /* Tail: pairs whose first element is at or after byte i, as the byte
     * tail's: whole blocks, then the block whose loads end at the buffer's
     * last byte (inside it: more than a block of pairs, counting the
     * head's). */
    for (size_t left = n - 1 - i / width; left > BLOCK / width; left -= BLOCK / width) {
        count += wide_pairs_inside(data + i, ~UINT32_C(0), width, is_float);
        i += BLOCK;
    }
    size_t rest = (n - 1) * width - i; /* bytes of first elements, <= BLOCK */
    if (rest)
        count += wide_pairs_inside(data + (n - 1) * width - BLOCK,
                                   ~UINT32_C(0) << ((BLOCK - rest) / width), width, is_float);
    return count;
}

/* --- UTF-8 code points --------------------------------------------------- */

/* Lanes of v in [lo, hi], unsigned. */
static inline uint64_t in_range(__m512i v, uint8_t lo, uint8_t hi) {
    return _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8((char)lo)),
                                  _mm512_set1_epi8((char)(hi - lo)));
}

static inline __mmask64 equal_to(__m512i v, uint8_t byte) {
    return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)byte));
}

static inline __m512i bytes_of(uint8_t byte) {
    return _mm512_set1_epi8((char)byte);
}

#include "utf8_odd.h"
#include "utf_masks.h"

/* The lead classes by their ranges and the second-byte rule, for a window
 * the tables flag; out of line, so the common window's loop stays small. */
static ADJEQ_NOINLINE void utf8_exact_leads(__m512i v, __m512i next, struct utf8_masks *m) {
    m->lead2 = in_range(v, 0xc2, 0xdf);
    m->lead3 = in_range(v, 0xe0, 0xef);
    m->lead4 = in_range(v, 0xf0, 0xf4);
    /* Masked compares: the second-byte rule only where its lead is. */
    m->bad_second =
        _mm512_mask_cmplt_epu8_mask(equal_to(v, 0xe0), next, bytes_of(0xa0)) |
        _mm512_mask_cmpgt_epu8_mask(equal_to(v, 0xed), next, bytes_of(0x9f)) |
        _mm512_mask_cmplt_epu8_mask(equal_to(v, 0xf0), next, bytes_of(0x90)) |
        _mm512_mask_cmpgt_epu8_mask(equal_to(v, 0xf4), next, bytes_of(0x8f));
}

/* A utf8_odd.h table in each 128-bit lane, for vpshufb. */
static inline __m512i table_of(const uint8_t table[16]) {
    return _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)table));
}

/* Nonzero bytes where utf8_odd.h's three lookups flag v (next: the bytes
 * after v), from the tables as table_of makes them; their bits are 0..5. */
static ADJEQ_ALWAYS_INLINE __m512i odd_bytes(__m512i v, __m512i next, __m512i by_high,
                                             __m512i by_low, __m512i by_next_high,
                                             __m512i nibble) {
    return _mm512_ternarylogic_epi64(
        _mm512_shuffle_epi8(by_high, _mm512_and_si512(_mm512_srli_epi16(v, 4), nibble)),
        _mm512_shuffle_epi8(by_low, _mm512_and_si512(v, nibble)),
        _mm512_shuffle_epi8(by_next_high, _mm512_and_si512(_mm512_srli_epi16(next, 4), nibble)),
        0x80);
}

/* The 64 bytes at p + k; for a window of have < UTF8_READ bytes at p, only
 * those before p + have, the rest zero (as tpl_utf8.h's padded copy). */
static ADJEQ_ALWAYS_INLINE __m512i utf8_window_bytes(const uint8_t *p, size_t k, size_t have) {
    if (have >= UTF8_READ)
        return _mm512_loadu_si512((const void *)(p + k));
    size_t n = have > k ? have - k : 0;
    __mmask64 live = n >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << n) - 1;
    return _mm512_maskz_loadu_epi8(live, p + k);
}

/* vec_utf8_masks over the have bytes at p (UTF8_READ: a whole window). */
static ADJEQ_ALWAYS_INLINE int utf8_masks_of(const uint8_t *p, size_t have, struct utf8_masks *m) {
    __m512i v = utf8_window_bytes(p, 0, have);
    __m512i next = utf8_window_bytes(p, 1, have);
    m->eq1 = _cvtmask64_u64(_mm512_cmpeq_epi8_mask(v, next));
    uint64_t non_ascii = _cvtmask64_u64(_mm512_movepi8_mask(v));
    if (!non_ascii)
        return 0;
    m->eq2 = _cvtmask64_u64(_mm512_cmpeq_epi8_mask(v, utf8_window_bytes(p, 2, have)));
    m->eq3 = _cvtmask64_u64(_mm512_cmpeq_epi8_mask(v, utf8_window_bytes(p, 3, have)));
    m->eq4 = _cvtmask64_u64(_mm512_cmpeq_epi8_mask(v, utf8_window_bytes(p, 4, have)));
    m->ascii = ~non_ascii;
    /* Leads by their first byte alone (the thresholds C0, E0, F0): exact
     * unless a byte the tables flag (utf8_odd.h) is present; then the
     * ranges and the second-byte rule are worked out in full. */
    __m512i odd = odd_bytes(v, next, table_of(utf8_odd_by_high), table_of(utf8_odd_by_low),
                            table_of(utf8_odd_by_next_high), bytes_of(0x0f));
    uint64_t from_c0 = _cvtmask64_u64(_mm512_cmpge_epu8_mask(v, bytes_of(0xc0)));
    uint64_t from_e0 = _cvtmask64_u64(_mm512_cmpge_epu8_mask(v, bytes_of(0xe0)));
    uint64_t from_f0 = _cvtmask64_u64(_mm512_cmpge_epu8_mask(v, bytes_of(0xf0)));
    m->cont = non_ascii & ~from_c0;
    if (!_mm512_test_epi8_mask(odd, odd)) {
        m->lead2 = from_c0 & ~from_e0;
        m->lead3 = from_e0 & ~from_f0;
        m->lead4 = from_f0;
        m->bad_second = 0;
        return 1;
    }
    utf8_exact_leads(v, next, m);
    return 1;
}

static ADJEQ_ALWAYS_INLINE int vec_utf8_masks(const uint8_t *p, struct utf8_masks *m) {
    return utf8_masks_of(p, UTF8_READ, m);
}

/* As tpl_utf8.h asks: the last windows read in place, with masked loads
 * (no copy, whose loads would wait for its stores), wherever their
 * suppressed lanes stay on the page of the bytes they follow (see
 * reaches_next_page). */
#define UTF8_MASKS_IN_PLACE
static inline int utf8_tail_in_place(const uint8_t *p) {
    return !reaches_next_page(p, UTF8_READ + UTF8_STEP);
}
static ADJEQ_ALWAYS_INLINE int vec_utf8_masks_in_place(const uint8_t *p, size_t have,
                                                       struct utf8_masks *m) {
    return utf8_masks_of(p, have, m);
}

/* As tpl_utf8.h asks: a window decided in vector registers. The bytes
 * are compared by XOR and OR in vectors (a zero byte: all equal), and mask
 * registers hold only the tests and the result: the same window with every
 * test a masked compare ran at about 0.8x on Zen 4. It judges
 * positions 3 to 66 from the loads it needs anyway, and so decides all 64
 * (a 61-position step plus GCC rebuilding the constants in every window
 * measured 0.77x of this). */
#define UTF8_FAST_WINDOWS
#define UTF8_FAST_STEP UTF8_WINDOW
static ADJEQ_ALWAYS_INLINE __m512i or_xor(__m512i acc, __m512i a, __m512i b) {
    return _mm512_ternarylogic_epi64(acc, a, b, 0xf6); /* acc | (a ^ b) */
}
#ifdef AVX512_PERMB_LOOKUP
/* A utf8_odd.h table by the high nibble as a 64-entry vpermb table by a
 * byte's top 6 bits (entry i: table[i >> 2]). vpermb reads 6 index bits,
 * so a 16-bit shift right by 2 is the whole index: no nibble mask, and the
 * low-nibble table (16 entries repeated) needs no mask either. */
static inline __m512i table_by_top6(const uint8_t table[16]) {
    const __m512i quarter = _mm512_set_epi8(
        15, 15, 15, 15, 14, 14, 14, 14, 13, 13, 13, 13, 12, 12, 12, 12, 11, 11, 11, 11, 10, 10,
        10, 10, 9, 9, 9, 9, 8, 8, 8, 8, 7, 7, 7, 7, 6, 6, 6, 6, 5, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3, 3,
        2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0);
    return _mm512_permutexvar_epi8(quarter, table_of(table));
}
#endif
/* Made once per call and pinned, as tpl_masks.h's (GCC 12 rebuilds them
 * from general registers in every window otherwise). */
#define UTF8_FAST_CONSTS
struct utf8_fast_consts {
    __m512i sub60, sub70, nibble, low7, top, c0, e0, f0, pair_prev_high, pair_prev_low,
        pair_cur_high;
};
static ADJEQ_ALWAYS_INLINE void utf8_fast_consts_init(struct utf8_fast_consts *k) {
    k->sub60 = bytes_of(0x60);
    k->sub70 = bytes_of(0x70);
    k->nibble = bytes_of(0x0f);
    k->low7 = bytes_of(0x7f);
    k->top = bytes_of(0x80);
    k->c0 = bytes_of(0xc0);
    k->e0 = bytes_of(0xe0);
    k->f0 = bytes_of(0xf0);
#ifdef AVX512_PERMB_LOOKUP
    k->pair_prev_high = table_by_top6(utf8_pair_by_prev_high);
    k->pair_cur_high = table_by_top6(utf8_pair_by_cur_high);
#else
    k->pair_prev_high = table_of(utf8_pair_by_prev_high);
    k->pair_cur_high = table_of(utf8_pair_by_cur_high);
#endif
    k->pair_prev_low = table_of(utf8_pair_by_prev_low);
    ADJEQ_KEEP_IN_REGISTER(k->pair_prev_high);
    ADJEQ_KEEP_IN_REGISTER(k->pair_prev_low);
    ADJEQ_KEEP_IN_REGISTER(k->pair_cur_high);
    ADJEQ_KEEP_IN_REGISTER(k->sub60);
    ADJEQ_KEEP_IN_REGISTER(k->sub70);
    ADJEQ_KEEP_IN_REGISTER(k->nibble);
    ADJEQ_KEEP_IN_REGISTER(k->low7);
    ADJEQ_KEEP_IN_REGISTER(k->top);
    ADJEQ_KEEP_IN_REGISTER(k->c0);
    ADJEQ_KEEP_IN_REGISTER(k->e0);
    ADJEQ_KEEP_IN_REGISTER(k->f0);
}
static ADJEQ_ALWAYS_INLINE int vec_utf8_fast(const uint8_t *p, const struct utf8_fast_consts *k,
                                             uint64_t *doubles) {
    __m512i v0 = _mm512_loadu_si512((const void *)p);
    __m512i v1 = _mm512_loadu_si512((const void *)(p + 1));
    __m512i v2 = _mm512_loadu_si512((const void *)(p + 2));
    __m512i v3 = _mm512_loadu_si512((const void *)(p + 3));
    /* All ASCII to the last position judged (p[66]). */
    if (!_mm512_movepi8_mask(_mm512_or_si512(v0, v3))) {
        *doubles = _cvtmask64_u64(_mm512_cmpeq_epi8_mask(v0, v1));
        return 2;
    }
    /* The tests judge the positions 3 on (p[3 .. 67)), which the
     * characters starting in the window reach: utf8_odd.h's pair classes
     * of (p[k-1], p[k]), bit 7 XORed with "a lead two or three bytes back
     * needs a continuation byte" (p[k-2] >= E0, p[k-3] >= F0: the top bit
     * of the saturated differences). Bits 0..6 are errors as they are;
     * one kortestq tests both masks. */
#ifdef AVX512_PERMB_LOOKUP
    __m512i pairs = _mm512_ternarylogic_epi64(
        _mm512_permutexvar_epi8(_mm512_srli_epi16(v2, 2), k->pair_prev_high),
        _mm512_permutexvar_epi8(v2, k->pair_prev_low),
        _mm512_permutexvar_epi8(_mm512_srli_epi16(v3, 2), k->pair_cur_high), 0x80);
#else
    __m512i pairs = odd_bytes(v2, v3, k->pair_prev_high, k->pair_prev_low, k->pair_cur_high,
                              k->nibble);
#endif
    __m512i unneeded = _mm512_ternarylogic_epi64(_mm512_subs_epu8(v1, k->sub60),
                                                 _mm512_subs_epu8(v0, k->sub70), pairs,
                                                 0x56); /* (a | b) ^ c */
    if (!_kortestz_mask64_u8(_mm512_movepi8_mask(unneeded), _mm512_test_epi8_mask(pairs, k->low7)))
        return 0;
    /* Per length L, the OR of the XORs of the character's bytes with the
     * next character's (zero: a double of length L), the first against
     * max(p[L], T) as in tpl_masks.h's vector window, so that it is nonzero
     * where the lead is shorter than L, and in one ternary op for L = 1 the
     * top bit of p[0], so that only ASCII bytes count there. For L = 3 and
     * 4 the same ternary op also takes p[0] ^ p[L]: the window's last leads
     * have next units past the judged bytes (tpl_masks.h), and it costs
     * nothing (it replaces the XOR). At a lead every length but its own is
     * nonzero, at a continuation byte all four are, and one minimum finds
     * the zero (against a masked select per length: 1 uop fewer per window,
     * and 4 fewer on port 5, which compares into masks only). */
    __m512i v4 = _mm512_loadu_si512((const void *)(p + 4));
    __m512i v5 = _mm512_loadu_si512((const void *)(p + 5));
    __m512i differ1 = _mm512_ternarylogic_epi64(v0, v1, k->top, 0xbc); /* (a ^ b) | (a & c) */
    __m512i differ2 = or_xor(_mm512_xor_si512(v0, _mm512_max_epu8(v2, k->c0)), v1, v3);
    __m512i differ3 = or_xor(
        or_xor(_mm512_ternarylogic_epi64(v0, _mm512_max_epu8(v3, k->e0), v3, 0x7e), v1, v4),
        v2, v5); /* 0x7e: (a ^ b) | (a ^ c) */
    __m512i differ4 = or_xor(
        or_xor(_mm512_ternarylogic_epi64(v0, _mm512_max_epu8(v4, k->f0), v4, 0x7e), v1, v5),
        v2, _mm512_loadu_si512((const void *)(p + 6)));
    differ4 = or_xor(differ4, v3, _mm512_loadu_si512((const void *)(p + 7)));
    __m512i differ = _mm512_min_epu8(_mm512_min_epu8(differ1, differ2),
                                     _mm512_min_epu8(differ3, differ4));
    *doubles = _cvtmask64_u64(_mm512_cmpeq_epi8_mask(differ, _mm512_setzero_si512()));
    return 1;
}

/* --- UTF-16 code points: 16-bit compare masks, 1 bit per element -------- */


/* Elements whose top bits (under mask) equal value. */
static inline uint64_t top_bits(__m512i x, uint16_t mask, uint16_t value) {
    return _mm512_cmpeq_epi16_mask(_mm512_and_si512(x, _mm512_set1_epi16((short)mask)),
                                   _mm512_set1_epi16((short)value));
}

/* The 32 elements at p + k elements; for a window of have < UTF16_READ
 * elements at p, only those before element have, the rest zero (as
 * tpl_utf16.h's padded copy). */
static ADJEQ_ALWAYS_INLINE __m512i utf16_window_units(const uint8_t *p, size_t k, size_t have) {
    if (have >= UTF16_READ)
        return _mm512_loadu_si512((const void *)(p + 2 * k));
    size_t n = have > k ? have - k : 0;
    __mmask32 live = n >= 32 ? ~(__mmask32)0 : ((__mmask32)1 << n) - 1;
    return _mm512_maskz_loadu_epi16(live, p + 2 * k);
}

static ADJEQ_ALWAYS_INLINE int utf16_masks_of(const uint8_t *p, size_t have,
                                              struct utf16_masks *m) {
    __m512i v = utf16_window_units(p, 0, have);
    m->eq1 = _mm512_cmpeq_epi16_mask(v, utf16_window_units(p, 1, have));
    if (!top_bits(v, 0xf800, 0xd800))
        return 0;
    m->eq2 = _mm512_cmpeq_epi16_mask(v, utf16_window_units(p, 2, have));
    m->high = top_bits(v, 0xfc00, 0xd800);
    m->low = top_bits(v, 0xfc00, 0xdc00);
    return 1;
}

static ADJEQ_ALWAYS_INLINE int vec_utf16_masks(const uint8_t *p, struct utf16_masks *m) {
    return utf16_masks_of(p, UTF16_READ, m);
}

/* As tpl_utf16.h asks: the last windows in place, as UTF-8's. */
#define UTF16_MASKS_IN_PLACE
static inline int utf16_tail_in_place(const uint8_t *p) {
    return !reaches_next_page(p, 2 * (UTF16_READ + UTF16_STEP));
}
static ADJEQ_ALWAYS_INLINE int vec_utf16_masks_in_place(const uint8_t *p, size_t have,
                                                        struct utf16_masks *m) {
    return utf16_masks_of(p, have, m);
}


static size_t avx512_count_u8(const void *data, size_t len) {
    return avx512_bytes_body((const uint8_t *)data, len, AVX512_SHIFT, 0, 0, NULL);
}

static size_t avx512_count_u8_intel(const void *data, size_t len) {
    return avx512_bytes_body((const uint8_t *)data, len, AVX512_ALTERNATE, AVX512_PREFETCH, 0,
                             NULL);
}

static size_t avx512_count_u16(const void *data, size_t n) {
    return avx512_count_wide((const uint8_t *)data, n, 2, 0, AVX512_SHIFT, 0);
}

static size_t avx512_count_u16_intel(const void *data, size_t n) {
    return avx512_count_wide((const uint8_t *)data, n, 2, 0, AVX512_ALTERNATE, AVX512_PREFETCH);
}

/* As tpl_utf8.h asks: the byte count over the ASCII bytes at p, in one pass,
 * as avx512_count_u8 or, tuned and from 1 KiB on, avx512_count_u8_intel
 * (the shift everywhere: 0.66x of the Intel table's byte count on Sapphire
 * Rapids; below 1 KiB the Intel table has no step to make, and its single
 * blocks measured 0.91-0.94x of the shift's at 256 B). */
#define UTF8_ASCII_RUNS
static size_t utf8_count_ascii_run(const uint8_t *p, size_t n, int tuned, size_t *ascii_end) {
    if (tuned && n >= 1024)
        return avx512_bytes_body(p, n, AVX512_ALTERNATE, AVX512_PREFETCH, 1, ascii_end);
    return avx512_bytes_body(p, n, AVX512_SHIFT, 0, 1, ascii_end);
}

#define vec_popcount64 adjeq_popcount64_insn
#define VEC_UTF16_BITS 1
#include "tpl_utf8.h"
#include "tpl_utf16.h"

static size_t avx512_count_utf8_intel(const void *text, size_t len) {
    return tpl_utf8_body(text, len, 1);
}

/* 32- and 64-bit units keep the shift: valignd runs at 110+ GB/s from L1 to
 * L2 on Sapphire Rapids, where the alternation measured 0.78x of it. */
#define AVX512_WIDE(name, width, is_float, prefetch)                          \
    static size_t name(const void *data, size_t n) {                          \
        return avx512_count_wide((const uint8_t *)data, n, width, is_float,   \
                                 AVX512_SHIFT, prefetch);                     \
    }
AVX512_WIDE(avx512_count_u32, 4, 0, 0)
AVX512_WIDE(avx512_count_u64, 8, 0, 0)
AVX512_WIDE(avx512_count_f32, 4, 1, 0)
AVX512_WIDE(avx512_count_f64, 8, 1, 0)
AVX512_WIDE(avx512_count_u32_intel, 4, 0, AVX512_PREFETCH)
AVX512_WIDE(avx512_count_u64_intel, 8, 0, AVX512_PREFETCH)
AVX512_WIDE(avx512_count_f32_intel, 4, 1, AVX512_PREFETCH)
AVX512_WIDE(avx512_count_f64_intel, 8, 1, AVX512_PREFETCH)
#undef AVX512_WIDE

static const struct adjeq_kernel_ops avx512_one_shuffle_port_ops = {
    .count_u8 = avx512_count_u8_intel,
    .count_u16 = avx512_count_u16_intel,
    .count_u32 = avx512_count_u32_intel,
    .count_u64 = avx512_count_u64_intel,
    .count_f32 = avx512_count_f32_intel,
    .count_f64 = avx512_count_f64_intel,
    .count_utf8 = avx512_count_utf8_intel,
    .count_utf16 = tpl_count_utf16,
};

#define ADJEQ_AVX512_OPS                                                      \
    {                                                                         \
        .count_u8 = avx512_count_u8, .count_u16 = avx512_count_u16,           \
        .count_u32 = avx512_count_u32, .count_u64 = avx512_count_u64,         \
        .count_f32 = avx512_count_f32, .count_f64 = avx512_count_f64,         \
        .count_utf8 = tpl_count_utf8,                                         \
        .count_utf16 = tpl_count_utf16,                                       \
        .one_shuffle_port = &avx512_one_shuffle_port_ops,                     \
    }

#endif /* ADJEQ_AVX512_H */
