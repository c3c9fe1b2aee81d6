/*
 * Template part: 16-, 32- and 64-bit units, as integers or IEEE floats (see
 * template.h for the shim).
 *
 * An equal pair sets all `width` byte lanes of its element, so the byte
 * lanes accumulate width per pair and the total is divided by width at the
 * end. Main loop: each block compared with its one-element-ahead vector
 * (vec_next_wide), four blocks a step; then up to three more blocks the
 * same way, and an overlapping last block whose already counted lanes are
 * dropped. A shim defining VEC_WIDE_EVEN_LOADS gets the vector ahead of a
 * step's first and third blocks by an unaligned load instead, as the byte
 * loop alternates the two; from TPL_LINE_ALIGN_MIN bytes, elements aligned
 * to their width, the steps then start a 64-byte line (32-byte vectors), so
 * that no load splits a line, the pairs before it counted by a head of one
 * masked block and one whole.
 *
 * Exactness: per flush at most 252 blocks, each adding 1 to a byte lane of
 * the accumulator, so it stays below 256 (runs longer than a flush are
 * tested). Over the whole input `lanes` (size_t) reaches width x pairs <
 * n x width, the size in bytes of the caller's buffer, so counts above 2^32
 * cannot wrap it, and the division is exact.
 */
#ifndef ADJEQ_TPL_WIDE_H
#define ADJEQ_TPL_WIDE_H

#include <stddef.h>
#include <stdint.h>

#include "compiler.h"
#include "portable.h"
#include "tpl_lanes.h"

#ifdef VEC_WIDE_EVEN_LOADS
#define tpl_next_wide_even(cur, next, p, width) ((void)(cur), (void)(next), vec_loadu(p))
#else
#define tpl_next_wide_even vec_next_wide
#endif

/* Equal elements: all-ones lanes. Float compares are ordered (NaN equals
 * nothing) and -0.0 equals 0.0, as C's == on float and double. */
static ADJEQ_ALWAYS_INLINE vec_t tpl_eq_width(vec_t a, vec_t b, size_t width, int is_float) {
#if defined(VEC_NO_FLOAT)
    (void)is_float;
#else
    if (is_float)
        return width == 4 ? vec_feq32(a, b) : vec_feq64(a, b);
#endif
    return width == 2 ? vec_eq16(a, b) : width == 4 ? vec_eq32(a, b) : vec_eq64(a, b);
}

/* Blocks cur (at p) and n1 (at p + VEC_BYTES), n2 the block after them:
 * the sum of their compares, the first with the vector ahead as even slots
 * take it, the second with vec_next_wide. */
static ADJEQ_ALWAYS_INLINE vec_t tpl_wide_two(const uint8_t *p, vec_t cur, vec_t n1, vec_t n2,
                                              size_t width, int is_float) {
    return vec_add8(
        tpl_eq_width(cur, tpl_next_wide_even(cur, n1, p + width, width), width, is_float),
        tpl_eq_width(n1, vec_next_wide(n1, n2, p + VEC_BYTES + width, width), width, is_float));
}

/* Elements aligned to their width, with VEC_WIDE_EVEN_LOADS (32-byte
 * vectors): where the loop starts, so that none of its loads splits a cache
 * line. The first 64-byte-aligned element, or the 32-byte-aligned one
 * before it: the even blocks' vectors ahead are loads, which stay inside a
 * line only if the block starts one. Chunks of 252 blocks keep the parity. */
static inline size_t tpl_wide_start(const uint8_t *data) {
    size_t i = (0 - (uintptr_t)data) & (VEC_BYTES - 1);
    if ((uintptr_t)(data + i) & VEC_BYTES)
        i += VEC_BYTES;
    return i;
}

typedef size_t (*tpl_wide_fn)(const uint8_t *data, size_t n);

/* aligning (a constant): the out-of-line copy that longer inputs go to, or
 * NULL in that copy, where elements aligned to their width start the loop
 * at tpl_wide_start, the pairs before it counted by a masked block and, past
 * VEC_BYTES, a whole one. */
static ADJEQ_ALWAYS_INLINE size_t tpl_count_wide(const uint8_t *data, size_t n, size_t width,
                                                 int is_float, tpl_wide_fn aligning) {
    /* First elements of all pairs lie in data[0 .. end). */
    size_t bytes = n * width, end = bytes - width, i = 0, lanes = 0;
    if (end <= 2 * VEC_BYTES) {
        /* Two overlapping blocks and one sum, as the byte count does: no
         * loop, flush or tail for up to two vectors of pairs (u16 and u32
         * at 64 bytes with AVX2 on Zen 3: 1.3-1.5x). */
        const uint8_t *second = data + end - VEC_BYTES;
        return tpl_count_two(tpl_eq_width(vec_loadu(data), vec_loadu(data + width), width, is_float),
                             tpl_eq_width(vec_loadu(second), vec_loadu(second + width), width,
                                          is_float),
                             2 * VEC_BYTES - end) /
               width;
    }
#ifdef VEC_WIDE_EVEN_LOADS
    /* After the short case, which then pays no test for it. */
    if (aligning && bytes >= TPL_LINE_ALIGN_MIN)
        return aligning(data, n);
    /* i stays 0 when the start is already a line's. */
    if (!aligning && (uintptr_t)data % width == 0 && (i = tpl_wide_start(data)) != 0) {
        size_t part = i & (VEC_BYTES - 1);
        vec_t first = vec_zero();
        if (part)
            first = vec_sub8(first, vec_and(tpl_eq_width(vec_loadu(data), vec_loadu(data + width),
                                                         width, is_float),
                                            tpl_lanes_below(part)));
        if (i >= VEC_BYTES)
            first = vec_sub8(first, tpl_eq_width(vec_loadu(data + part),
                                                 vec_loadu(data + part + width), width, is_float));
        lanes = vec_sum_u8(first);
    }
#else
    (void)aligning;
#endif
    while (i + 2 * VEC_BYTES <= bytes) {
        size_t blocks = (bytes - i) / VEC_BYTES - 1;
        if (blocks > 252)
            blocks = 252;
        vec_t acc = vec_zero();
        vec_t cur = vec_loadu(data + i);
        /* Counted up front: one induction variable in the loop. */
        size_t steps = blocks / 4;
        for (const uint8_t *p = data + i, *stop = p + 4 * VEC_BYTES * steps; p != stop;
             p += 4 * VEC_BYTES) {
            vec_t n1 = vec_loadu(p + VEC_BYTES);
            vec_t n2 = vec_loadu(p + 2 * VEC_BYTES);
            vec_t n3 = vec_loadu(p + 3 * VEC_BYTES);
            vec_t n4 = vec_loadu(p + 4 * VEC_BYTES);
            VEC_PIN(n1);
            VEC_PIN(n2);
            VEC_PIN(n3);
            VEC_PIN(n4);
            /* One accumulator and a tree of sums, as the byte loop (GCC 12
             * copied two accumulators to new registers in every step). */
            acc = vec_sub8(acc, vec_add8(tpl_wide_two(p, cur, n1, n2, width, is_float),
                                         tpl_wide_two(p + 2 * VEC_BYTES, n2, n3, n4, width,
                                                      is_float)));
            cur = n4;
        }
        i += 4 * VEC_BYTES * steps;
        /* The chunk's last blocks as the step's first two, then its first:
         * two branches (a loop of single blocks here cost 256-byte inputs
         * 0.85x on Zen 3). */
        if (blocks % 4 >= 2) {
            vec_t n1 = vec_loadu(data + i + VEC_BYTES);
            vec_t n2 = vec_loadu(data + i + 2 * VEC_BYTES);
            acc = vec_sub8(acc, tpl_wide_two(data + i, cur, n1, n2, width, is_float));
            cur = n2;
            i += 2 * VEC_BYTES;
        }
        if (blocks % 2) {
            vec_t n1 = vec_loadu(data + i + VEC_BYTES);
            acc = vec_sub8(acc, tpl_eq_width(cur, tpl_next_wide_even(cur, n1, data + i + width, width),
                                               width, is_float));
            i += VEC_BYTES;
        }
        lanes += vec_sum_u8(acc);
    }
    /* Fewer than 2 * VEC_BYTES bytes left: unaligned pairs of loads. */
    if (i + VEC_BYTES <= end) {
        vec_t eq = tpl_eq_width(vec_loadu(data + i), vec_loadu(data + i + width), width, is_float);
        lanes += vec_sum_u8(vec_sub8(vec_zero(), eq));
        i += VEC_BYTES;
    }
    size_t left = end - i; /* a multiple of width, < VEC_BYTES */
    if (left) {
        const uint8_t *last = data + end - VEC_BYTES;
        lanes += tpl_count_from(
            tpl_eq_width(vec_loadu(last), vec_loadu(last + width), width, is_float),
            VEC_BYTES - left);
    }
    return lanes / width;
}

/* One entry per element type; inputs shorter than one vector of pairs take
 * the portable loop. With VEC_WIDE_EVEN_LOADS those of TPL_LINE_ALIGN_MIN
 * bytes or more go on to a copy with the aligning head, out of line:
 * inlined, it moved the short inputs' code (u16 at 256 B with AVX2 on Zen 3:
 * 0.96x). Other shims keep one copy: SSE2 with the head measured 1.07-1.10x
 * at offsets of 2 and 8 bytes on Zen 3 but aligned u16 0.80-0.85x, in runs
 * whose code placement differed between the two builds; not resolved, so not
 * taken. */
#ifdef VEC_WIDE_EVEN_LOADS
#define TPL_WIDE_ENTRY(name, width, is_float)                                  \
    static ADJEQ_NOINLINE size_t name##_aligning(const uint8_t *data, size_t n) { \
        return tpl_count_wide(data, n, width, is_float, NULL);                 \
    }                                                                          \
    static size_t name(const void *data, size_t n) {                          \
        if (n < VEC_BYTES / (width) + 1)                                       \
            return adjeq_count_wide_portable(data, n, width, is_float);        \
        return tpl_count_wide((const uint8_t *)data, n, width, is_float, name##_aligning); \
    }
#else
#define TPL_WIDE_ENTRY(name, width, is_float)                                  \
    static size_t name(const void *data, size_t n) {                          \
        if (n < VEC_BYTES / (width) + 1)                                       \
            return adjeq_count_wide_portable(data, n, width, is_float);        \
        return tpl_count_wide((const uint8_t *)data, n, width, is_float, NULL); \
    }
#endif
TPL_WIDE_ENTRY(tpl_count_u16, 2, 0)
TPL_WIDE_ENTRY(tpl_count_u32, 4, 0)
TPL_WIDE_ENTRY(tpl_count_u64, 8, 0)
#if defined(VEC_NO_FLOAT)
/* The shim has no IEEE float compares (ARMv7: NEON flushes denormals to
 * zero), so floats take the portable loop. */
static size_t tpl_count_f32(const void *data, size_t n) {
    return adjeq_count_wide_portable(data, n, 4, 1);
}
static size_t tpl_count_f64(const void *data, size_t n) {
    return adjeq_count_wide_portable(data, n, 8, 1);
}
#else
TPL_WIDE_ENTRY(tpl_count_f32, 4, 1)
TPL_WIDE_ENTRY(tpl_count_f64, 8, 1)
#endif
#undef TPL_WIDE_ENTRY
#undef tpl_next_wide_even

#endif /* ADJEQ_TPL_WIDE_H */
