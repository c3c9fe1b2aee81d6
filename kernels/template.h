/*
 * The kernel template: every mode's loop written once, instantiated by each
 * accumulate-style kernel file (sse2.c, avx2.c, neon.c, vsx.c, zvector.c,
 * simd128.c) over its shim.
 *
 * A shim is the vocabulary below, defined by the kernel file before it
 * includes this header (all static inline; vectors are vec_t):
 *
 *   VEC_BYTES                   vector width in bytes (16, 32 or 64)
 *   vec_load(p), vec_loadu(p)   load from a VEC_BYTES-aligned / any address
 *   vec_zero()
 *   vec_eq8, vec_eq16, vec_eq32, vec_eq64
 *                               per-element equality: all-ones lanes
 *   vec_feq32, vec_feq64        IEEE equality of float / double lanes
 *                               (ordered: NaN equals nothing; -0.0 == 0.0);
 *                               or define VEC_NO_FLOAT to count floats with
 *                               the portable loop
 *   vec_and, vec_or, vec_xor, vec_andnot(a, b) = ~a & b, vec_sub8, vec_add8
 *   vec_subs_u8(a, b)           a - b as unsigned bytes, saturated at 0
 *   vec_max_u8(a, b)            the larger of a and b as unsigned bytes
 *   vec_sum_u8(v)               sum of the byte lanes, as size_t
 *   vec_next_even(cur, next, p), vec_next_odd(cur, next, p)
 *                               bytes 1.. of cur then byte 0 of next, where
 *                               p = address of cur + 1; the byte loop uses
 *                               the first at unroll slots 0 and 2, the second
 *                               at 1 and 3, so a shim can alternate an
 *                               in-register shift with an unaligned load
 *   vec_next_wide(cur, next, p, width)
 *                               elements 1.. of cur then element 0 of next
 *                               (p = address of cur + width); with
 *                               VEC_WIDE_EVEN_LOADS the wide loop loads it
 *                               at each step's first block instead, and
 *                               starts its steps at a 64-byte line
 *   VEC_PIN(v)                  keep a loaded vector in a register (or nothing)
 *   vec_count_short(data, len)  the whole count for 2 <= len <= VEC_BYTES
 *   (tpl_shim_defaults.h defines the common forms of vec_next_*,
 *   vec_count_short on request: VEC_NEXT_LOADS, VEC_NEXT_WIDE_LOADS,
 *   VEC_SHORT_SWAR)
 *   vec_mask64(v[64 / VEC_BYTES]) bit k set iff byte k of the 64 bytes (each
 *                               0x00 or 0xff, a compare result) is 0xff
 *   vec_top_bits64(v[64 / VEC_BYTES]) bit k: the top bit of byte k (raw data)
 *   vec_any_high(v)             any byte's top bit set
 *   vec_set1_8(b), vec_set1_16(w)
 *   vec_gt_s8(a, b)             a > b as signed bytes
 *   vec_le_u8(a, b)             a <= b as unsigned bytes
 *   vec_popcount64(x)           adjeq_popcount64_insn or _soft (popcount.h)
 *   VEC_UTF16_BITS              mask bits per 16-bit element from vec_mask64
 *                               (2: one per byte lane)
 * and optionally, with a 16-entry byte table lookup:
 *   VEC_UTF8_ODD, vec_utf8_odd(v, next) any of the 64 bytes one that
 *                               utf8_odd.h's tables flag (then tpl_masks.h
 *                               classifies leads by thresholds alone)
 *   VEC_UTF8_PAIRS, vec_utf8_pairs(prev, cur), vec_any_set(v)
 *                               utf8_odd.h's pair classes of each byte and
 *                               the one before it (the AND of the three
 *                               lookups), and whether any bit of v is set
 *                               (then vector-decided UTF-8 windows validate
 *                               by the pair tables)
 *
 * It then ends with  ADJEQ_KERNEL_OPS(name) = ADJEQ_TEMPLATE_OPS;
 *
 * AVX-512 (kernels/avx512.h) and SVE (kernels/sve.c) have masked and
 * predicated bodies of their own; they reuse tpl_utf8.h and tpl_utf16.h with
 * their own mask builders.
 */
#ifndef ADJEQ_TEMPLATE_H
#define ADJEQ_TEMPLATE_H

#include "tpl_shim_defaults.h"
#include "tpl_bytes.h"
#include "tpl_wide.h"
#include "tpl_masks.h"
#include "tpl_utf8.h"
#include "tpl_utf16.h"

#define ADJEQ_TEMPLATE_OPS                                                    \
    {                                                                         \
        .count_u8 = tpl_count_u8, .count_u16 = tpl_count_u16,                 \
        .count_u32 = tpl_count_u32, .count_u64 = tpl_count_u64,               \
        .count_f32 = tpl_count_f32, .count_f64 = tpl_count_f64,               \
        .count_utf8 = tpl_count_utf8, .count_utf16 = tpl_count_utf16,         \
    }

#endif /* ADJEQ_TEMPLATE_H */
