/*
 * Template part: the UTF-8 and UTF-16 mask builders over a shim's vectors
 * (see template.h): 64 bytes as 64 / VEC_BYTES vectors, each class of byte a
 * vector compare, folded into one 64-bit mask by vec_mask64.
 */
#ifndef ADJEQ_TPL_MASKS_H
#define ADJEQ_TPL_MASKS_H

#include <stdint.h>
#include <string.h>

#include "compiler.h"
#include "utf_masks.h"

#define TPL_BLOCKS (64 / VEC_BYTES)

/* Bit k: p[k] == p[k + d], for the 64 bytes v holds from p. */
static ADJEQ_ALWAYS_INLINE uint64_t tpl_eq_at(const vec_t v[TPL_BLOCKS], const uint8_t *p,
                                              unsigned d) {
    vec_t t[TPL_BLOCKS];
    for (unsigned b = 0; b < TPL_BLOCKS; b++)
        t[b] = vec_eq8(v[b], vec_loadu(p + VEC_BYTES * b + d));
    return vec_mask64(t);
}

/* Bit k: p[k] > threshold as signed bytes (ASCII bytes are above all
 * thresholds 80..FF). */
static ADJEQ_ALWAYS_INLINE uint64_t tpl_above(const vec_t v[TPL_BLOCKS], uint8_t threshold) {
    vec_t t[TPL_BLOCKS];
    for (unsigned b = 0; b < TPL_BLOCKS; b++)
        t[b] = vec_gt_s8(v[b], vec_set1_8(threshold));
    return vec_mask64(t);
}

/* All-ones where x is a lead whose next byte is outside the range Table
 * 3-7 allows it (E0, ED, F0, F4; the next byte is a continuation byte
 * where it matters, or the lead is broken anyway). */
static ADJEQ_ALWAYS_INLINE vec_t tpl_bad_second(vec_t x, vec_t next) {
    vec_t upto_9f = vec_le_u8(next, vec_set1_8(0x9f)), upto_8f = vec_le_u8(next, vec_set1_8(0x8f));
    return vec_or(vec_or(vec_and(vec_eq8(x, vec_set1_8(0xe0)), upto_9f),
                         vec_andnot(upto_9f, vec_eq8(x, vec_set1_8(0xed)))),
                  vec_or(vec_and(vec_eq8(x, vec_set1_8(0xf0)), upto_8f),
                         vec_andnot(upto_8f, vec_eq8(x, vec_set1_8(0xf4)))));
}

/* Reads p[0 .. UTF8_READ) and fills every field of *m; or, when p[0 .. 64)
 * is all ASCII, fills only eq1 and returns 0. */
static ADJEQ_ALWAYS_INLINE int vec_utf8_masks(const uint8_t *p, struct utf8_masks *m) {
    vec_t v[TPL_BLOCKS], next[TPL_BLOCKS], t[TPL_BLOCKS];
    for (unsigned b = 0; b < TPL_BLOCKS; b++) {
        v[b] = vec_loadu(p + VEC_BYTES * b);
        next[b] = vec_loadu(p + VEC_BYTES * b + 1);
        t[b] = vec_eq8(v[b], next[b]);
    }
    m->eq1 = vec_mask64(t);
    vec_t any = v[0];
    for (unsigned b = 1; b < TPL_BLOCKS; b++)
        any = vec_or(any, v[b]);
    if (!vec_any_high(any))
        return 0;
    m->eq2 = tpl_eq_at(v, p, 2);
    m->eq3 = tpl_eq_at(v, p, 3);
    m->eq4 = tpl_eq_at(v, p, 4);
    m->ascii = ~vec_top_bits64(v);
    /* Bytes 80..FF are -128..-1 as signed bytes, so signed compares split
     * the non-ASCII classes; ASCII bytes are above every threshold and drop
     * out of the differences below. */
    uint64_t from_e0 = tpl_above(v, 0xdf), from_f0 = tpl_above(v, 0xef);
    m->lead3 = from_e0 & ~from_f0;
#ifdef VEC_UTF8_ODD
    /* Shims with a table lookup: leads by their first byte alone unless a
     * byte utf8_odd.h's tables flag is present. */
    if (!vec_utf8_odd(v, next)) {
        uint64_t from_c0 = tpl_above(v, 0xbf);
        m->cont = ~m->ascii & ~from_c0;
        m->lead2 = from_c0 & ~from_e0;
        m->lead4 = from_f0 & ~m->ascii;
        m->bad_second = 0;
        return 1;
    }
#endif
    uint64_t from_c2 = tpl_above(v, 0xc1), from_f5 = tpl_above(v, 0xf4);
    for (unsigned b = 0; b < TPL_BLOCKS; b++)
        t[b] = vec_gt_s8(vec_set1_8(0xc0), v[b]);
    m->cont = vec_mask64(t);
    m->lead2 = from_c2 & ~from_e0;
    m->lead4 = from_f0 & ~from_f5;
    for (unsigned b = 0; b < TPL_BLOCKS; b++)
        t[b] = tpl_bad_second(v[b], next[b]);
    m->bad_second = vec_mask64(t);
    return 1;
}

#ifndef VEC_UTF8_ODD
/* Without a table lookup, the bytes utf8_odd.h's tables flag, by compares:
 * all-ones where one is. */
static ADJEQ_ALWAYS_INLINE vec_t tpl_utf8_odd_exact(vec_t x, vec_t next) {
    /* C0, C1 and F5..FF are in no well-formed character. */
    vec_t never = vec_or(vec_eq8(vec_and(x, vec_set1_8(0xfe)), vec_set1_8(0xc0)),
                         vec_andnot(vec_le_u8(x, vec_set1_8(0xf4)), vec_set1_8(0xff)));
    return vec_or(tpl_bad_second(x, next), never);
}
/* A cheaper superset for the common window (top bits): the leads with a
 * second-byte rule but F0 (E0, ED, F4), the bytes above them and C0, C1,
 * or F0 before 80..8F (F0 starts every emoji; E0 and ED are rarer). */
static ADJEQ_ALWAYS_INLINE vec_t vec_utf8_odd_bytes(vec_t x, vec_t next) {
    vec_t rare = vec_or(vec_or(vec_eq8(vec_and(x, vec_set1_8(0xfe)), vec_set1_8(0xc0)),
                               vec_or(vec_eq8(x, vec_set1_8(0xe0)), vec_eq8(x, vec_set1_8(0xed)))),
                        vec_subs_u8(x, vec_set1_8(0x74))); /* top bit: x >= F4 */
    vec_t f0_low = vec_and(vec_eq8(x, vec_set1_8(0xf0)), vec_le_u8(next, vec_set1_8(0x8f)));
    return vec_or(rare, f0_low);
}
#endif

/* vec_utf8_fast's byte constants, read from memory where used (as operands,
 * or loaded again under register pressure): GCC 12 builds a vec_set1_8
 * constant from a general register in every window (mov, vmovd,
 * vpbroadcastb), and constants pinned in registers spilled the window's
 * vectors (AVX2 has 16 registers: 31 stack accesses per window against 9).
 * The pointer is made opaque at every use, so the loads are neither folded
 * back into constants nor merged into one value per constant, which the
 * register allocator then stored on the stack and read back (6 stores in
 * every AVX2 window; read at each use: 1.03-1.05x on Zen 3). */
#define TPL_REP8(b) b, b, b, b, b, b, b, b
#define TPL_REP64(b) TPL_REP8(b), TPL_REP8(b), TPL_REP8(b), TPL_REP8(b), \
                     TPL_REP8(b), TPL_REP8(b), TPL_REP8(b), TPL_REP8(b)
#define TPL_K40 0
#define TPL_K60 1
#define TPL_K70 2
#define TPL_KC0 3
#define TPL_K80 4
#define TPL_KE0 5
#define TPL_KF0 6
struct tpl_utf8_bytes {
    _Alignas(64) uint8_t row[7][64];
};
static const struct tpl_utf8_bytes tpl_utf8_consts = {
    {{TPL_REP64(0x40)}, {TPL_REP64(0x60)}, {TPL_REP64(0x70)}, {TPL_REP64(0xc0)},
     {TPL_REP64(0x80)}, {TPL_REP64(0xe0)}, {TPL_REP64(0xf0)}}};
#undef TPL_REP8
#undef TPL_REP64
#define UTF8_FAST_CONSTS
struct utf8_fast_consts {
    const struct tpl_utf8_bytes *bytes;
};
static ADJEQ_ALWAYS_INLINE void utf8_fast_consts_init(struct utf8_fast_consts *k) {
    k->bytes = &tpl_utf8_consts;
    ADJEQ_OPAQUE_POINTER(k->bytes);
}
static ADJEQ_ALWAYS_INLINE vec_t tpl_k(const struct utf8_fast_consts *k, unsigned row) {
    const struct tpl_utf8_bytes *bytes = k->bytes;
    ADJEQ_OPAQUE_POINTER(bytes);
    return vec_load(bytes->row[row]);
}
#define TPL_K(name) tpl_k(k, TPL_K##name)

#ifdef VEC_UTF8_PAIRS
/* For vec_utf8_fast, whether the positions q[3 ..] of one vector break
 * well-formed text, by utf8_odd.h's pair tables (prev q[2 ..], cur
 * q[3 ..]); the top bit of the saturated differences says a lead two or
 * three bytes back (q[1] >= E0, q[0] >= F0) needs a continuation byte. */
static ADJEQ_ALWAYS_INLINE int tpl_utf8_fast_bad(const uint8_t *q,
                                                 const struct utf8_fast_consts *k) {
    vec_t needed = vec_and(vec_or(vec_subs_u8(vec_loadu(q + 1), TPL_K(60)),
                                  vec_subs_u8(vec_loadu(q), TPL_K(70))),
                           TPL_K(80));
    return vec_any_set(vec_xor(vec_utf8_pairs(vec_loadu(q + 2), vec_loadu(q + 3)), needed));
}
#else
/* For vec_utf8_fast, whether the positions q[3 ..] of one vector, which
 * the characters starting at q reach, break well-formed text: a byte that
 * is not a continuation byte exactly where the leads before it put one
 * (the top bits of the saturated differences say q[2] >= C0, q[1] >= E0,
 * q[0] >= F0), or one of utf8_odd.h's bytes. */
static ADJEQ_ALWAYS_INLINE int tpl_utf8_fast_bad(const uint8_t *q,
                                                 const struct utf8_fast_consts *k) {
    vec_t v3 = vec_loadu(q + 3);
    vec_t cover = vec_or(vec_or(vec_subs_u8(vec_loadu(q + 2), TPL_K(40)),
                                vec_subs_u8(vec_loadu(q + 1), TPL_K(60))),
                         vec_subs_u8(vec_loadu(q), TPL_K(70)));
    vec_t bad = vec_xor(vec_gt_s8(TPL_K(C0), v3), cover);
    /* The superset found a byte: the exact test (all-ones where odd). */
    if (vec_any_high(vec_utf8_odd_bytes(v3, vec_loadu(q + 4))))
        bad = vec_or(bad, tpl_utf8_odd_exact(v3, vec_loadu(q + 4)));
    return vec_any_high(bad);
}
#endif

/* For vec_utf8_fast, the doubles at q of one vector of well-formed
 * positions (top bits): for each length L, the character's bytes against
 * the next character's, where the first compare is against max(q[L], T)
 * with T the smallest lead of L bytes (C0, E0, F0). Below T it fails, so
 * the compares for L count only where the lead is L bytes or longer; at a
 * longer lead they meet a continuation byte of its own, which no lead
 * equals. At a lead of exactly T, max takes T wherever q[L] < T; where the
 * bytes up to q[2L] are judged, q[L] then starts a shorter unit whose end
 * is a start byte against a continuation byte of L's last compare: no
 * false double. A window's last vector (last) also holds leads whose
 * next unit reaches past the judged bytes (E0 at positions 62 and 63, F0
 * at 60 to 63, of a window that judges up to position 66: "F0 90 80 80
 * 41 90 80 80" is no double), so there q[0] must also equal q[L] itself
 * (2 uops per length, in one vector of the window). C0 is in no
 * well-formed character. So no select between lengths is needed, and max
 * replaces a threshold test and an AND per length. The top bit of q[0]
 * itself marks the non-ASCII bytes. */
static ADJEQ_ALWAYS_INLINE vec_t tpl_utf8_fast_doubles(const uint8_t *q,
                                                       const struct utf8_fast_consts *k,
                                                       int last) {
    vec_t v0 = vec_loadu(q), v1 = vec_loadu(q + 1), v2 = vec_loadu(q + 2);
    vec_t v3 = vec_loadu(q + 3), v4 = vec_loadu(q + 4), v5 = vec_loadu(q + 5);
    vec_t same2 = vec_and(vec_eq8(v0, vec_max_u8(v2, TPL_K(C0))), vec_eq8(v1, v3));
    vec_t same3 = vec_and(vec_and(vec_eq8(v0, vec_max_u8(v3, TPL_K(E0))), vec_eq8(v1, v4)),
                          vec_eq8(v2, v5));
    vec_t same4 = vec_and(vec_and(vec_eq8(v0, vec_max_u8(v4, TPL_K(F0))), vec_eq8(v1, v5)),
                          vec_and(vec_eq8(v2, vec_loadu(q + 6)), vec_eq8(v3, vec_loadu(q + 7))));
    if (last) {
        same3 = vec_and(same3, vec_eq8(v0, v3));
        same4 = vec_and(same4, vec_eq8(v0, v4));
    }
    return vec_or(vec_or(vec_andnot(v0, vec_eq8(v0, v1)), same2), vec_or(same3, same4));
}

/* As tpl_utf8.h asks: a window of 64 positions decided in vector registers,
 * when well-formed. It judges positions 3 to 66 from the loads the doubles
 * need anyway and relies on the window before for the first three, so it
 * decides all 64 (against judging 0 to 63 from 3 more loads and deciding
 * 61: 1.03-1.05x on AVX2, 1.04-1.09x on SSE2). */
#define UTF8_FAST_WINDOWS
#define UTF8_FAST_STEP UTF8_WINDOW
static ADJEQ_ALWAYS_INLINE int vec_utf8_fast(const uint8_t *p, const struct utf8_fast_consts *k,
                                             uint64_t *doubles) {
    vec_t d[TPL_BLOCKS];
    /* All ASCII: bytes are characters (and the caller may hand a longer
     * stretch to the byte loop). Tested in vectors only when the first 8
     * bytes are ASCII: in text of mostly multi-byte characters they rarely
     * are, and the scalar test leaves the vector pipes to the window. */
    uint64_t head;
    memcpy(&head, p, sizeof head);
    if (!(head & UINT64_C(0x8080808080808080))) {
        vec_t any = vec_loadu(p + 64 - VEC_BYTES + 3);
        for (unsigned b = 0; b < TPL_BLOCKS; b++)
            any = vec_or(any, vec_loadu(p + VEC_BYTES * b));
        if (!vec_any_high(any)) {
            for (unsigned b = 0; b < TPL_BLOCKS; b++)
                d[b] = vec_eq8(vec_loadu(p + VEC_BYTES * b), vec_loadu(p + VEC_BYTES * b + 1));
            *doubles = vec_mask64(d);
            return 2;
        }
    }
    /* Each vector tested before its doubles: GCC 12 computes nothing
     * across the branch, so the test's vectors die before the doubles' are
     * made (with one test per window after all the doubles, it kept every
     * load alive across it: about 30 stack accesses per AVX2 window). */
    ADJEQ_UNROLL
    for (unsigned b = 0; b < TPL_BLOCKS; b++) {
        if (tpl_utf8_fast_bad(p + VEC_BYTES * b, k))
            return 0;
        d[b] = tpl_utf8_fast_doubles(p + VEC_BYTES * b, k, b == TPL_BLOCKS - 1);
    }
    *doubles = vec_top_bits64(d);
    return 1;
}

/* As tpl_utf8.h asks: the byte count over the ASCII bytes at p, in one
 * pass. */
#define UTF8_ASCII_RUNS
static size_t utf8_count_ascii_run(const uint8_t *p, size_t n, int tuned, size_t *ascii_end) {
    (void)tuned; /* one table fits all */
    return tpl_bytes_body(p, n, 1, ascii_end);
}

/* 16-bit elements whose top bits (under mask) equal value: all-ones. */
static inline vec_t tpl_top_bits16(vec_t x, uint16_t mask, uint16_t value) {
    return vec_eq16(vec_and(x, vec_set1_16(mask)), vec_set1_16(value));
}

/* Reads elements p[0 .. UTF16_READ) (bytes at any alignment) and fills every
 * field of *m, VEC_UTF16_BITS bits per element; or, when the first
 * UTF16_WINDOW elements hold no surrogate, fills only eq1 and returns 0. */
static ADJEQ_ALWAYS_INLINE int vec_utf16_masks(const uint8_t *p, struct utf16_masks *m) {
    vec_t v[TPL_BLOCKS], t[TPL_BLOCKS], surrogate = vec_zero();
    for (unsigned b = 0; b < TPL_BLOCKS; b++) {
        v[b] = vec_loadu(p + VEC_BYTES * b);
        t[b] = vec_eq16(v[b], vec_loadu(p + VEC_BYTES * b + 2));
        surrogate = vec_or(surrogate, tpl_top_bits16(v[b], 0xf800, 0xd800));
    }
    m->eq1 = vec_mask64(t);
    if (!vec_any_high(surrogate))
        return 0;
    vec_t high[TPL_BLOCKS], low[TPL_BLOCKS];
    for (unsigned b = 0; b < TPL_BLOCKS; b++) {
        vec_t top6 = vec_and(v[b], vec_set1_16(0xfc00));
        t[b] = vec_eq16(v[b], vec_loadu(p + VEC_BYTES * b + 4));
        high[b] = vec_eq16(top6, vec_set1_16(0xd800));
        low[b] = vec_eq16(top6, vec_set1_16(0xdc00));
    }
    m->eq2 = vec_mask64(t);
    m->high = vec_mask64(high);
    m->low = vec_mask64(low);
    return 1;
}

#endif /* ADJEQ_TPL_MASKS_H */
