/*
 * Template part: UTF-8 code-point doubles from per-byte bit masks. The
 * including file provides, before this header:
 *   static int vec_utf8_masks(const uint8_t *p, struct utf8_masks *m);
 *     reads p[0 .. UTF8_READ) and fills every field of *m (bit k describes
 *     p[k]); or, when p[0 .. 64) is all ASCII, fills only eq1 and returns 0
 *     (tpl_masks.h, or avx512.h's own);
 *   vec_popcount64(x);
 *   and, if it defines UTF8_FAST_WINDOWS:
 *   static int vec_utf8_fast(const uint8_t *p, uint64_t *doubles), or with
 *     UTF8_FAST_CONSTS defined vec_utf8_fast(p, k, doubles) with
 *     const struct utf8_fast_consts *k, set up once per call by
 *     utf8_fast_consts_init(k);
 *     reads p[-3 .. UTF8_FAST_READ) and, when the positions it judges are
 *     well-formed (each continuation byte covered by the lead before it
 *     and no lead broken or out of range, from the bytes alone), sets bit
 *     k of *doubles for the double at p[k] (k < UTF8_FAST_STEP) and returns
 *     2 if what it judged is all ASCII, else 1; otherwise returns 0
 *     (tpl_masks.h, or avx512.h's own). It judges at least the positions
 *     p[3 .. UTF8_FAST_STEP + 3), which its characters reach, and may rely
 *     on p[-3 .. 3) having been judged before (both builders step 64 and
 *     judge p[3 .. 67));
 *   and, if it defines UTF8_MASKS_IN_PLACE:
 *   static int utf8_tail_in_place(const uint8_t *p), whether the last
 *     windows (fewer than UTF8_READ bytes at p) may be read in place, and
 *   static int vec_utf8_masks_in_place(const uint8_t *p, size_t have, m),
 *     vec_utf8_masks over a zero-padded copy of p[0 .. have), reading only
 *     those bytes (avx512.h's masked loads);
 *   and, if it defines UTF8_ASCII_RUNS:
 *   static size_t utf8_count_ascii_run(const uint8_t *p, size_t n,
 *                                      int tuned, size_t *ascii_end);
 *     the kernel's byte count (its one_shuffle_port table's if tuned,
 *     tpl_utf8_body's argument, is nonzero) of the pairs whose first byte
 *     lies before *ascii_end, which it sets: every such byte is ASCII, and
 *     *ascii_end is n or lies fewer than 64 bytes before the first byte
 *     80..FF (0 and *ascii_end 0 when the start is too short to count). A
 *     last byte starts no pair and may be anything.
 *
 * Units (see adjeq.h): a well-formed character (Unicode Table 3-7), or else
 * one byte. Which bytes start units is decided locally, so a position can be
 * judged from the 7 bytes after it and 3 bits of state from before:
 *   - a non-continuation byte always starts a unit (no well-formed character
 *     contains one after its first byte);
 *   - a continuation byte starts a unit unless a well-formed character that
 *     starts at one of the 3 bytes before it covers it.
 * A unit at p of length L is a double iff the next unit is the same bytes:
 *   - well-formed: p[0 .. L) == p[L .. 2L), i.e. bytes equal at distance L
 *     over the whole character (the copy then starts with the same lead, so
 *     it is the same well-formed character);
 *   - a lone byte b: the next byte is b too and starts no well-formed
 *     character (an equal byte then always starts a unit: it is a lead, or a
 *     continuation that nothing before it can cover).
 */
#ifndef ADJEQ_TPL_UTF8_H
#define ADJEQ_TPL_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "compiler.h"
#include "tpl_prefetch.h"
#include "utf_masks.h"

static inline uint64_t utf8_low_bits(size_t k) {
    return k >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << k) - 1;
}

/* Positions whose bytes the well-formed case checks: the window's decided
 * positions and the continuation bytes of characters starting in its last
 * three. */
#define UTF8_CHECKED (UTF8_STEP + 3)

/* Vector-decided windows: a character of length L at k is a double iff
 * p[k .. k+L) == p[k+L .. k+2L), so well-formed positions are decided by
 * compares at distances 1 to 7 in vector registers, leaving one mask per
 * window. */
#define UTF8_FAST_READ (UTF8_WINDOW + 7)

/* Which of p[0 .. 3) (n bytes there) a character before p covers, when
 * the bytes before p are known to be well-formed: the run of continuation
 * bytes at p. */
static inline uint64_t utf8_cont_run(const uint8_t *p, size_t n) {
    uint64_t run = 0;
    for (size_t k = 0; k < 3 && k < n && (p[k] & 0xc0) == 0x80; k++)
        run |= UINT64_C(1) << k;
    return run;
}

/* Doubles of any window, well-formed or not (the rules above). Out of line:
 * most windows take utf8_window_doubles's short way, and keeping this out
 * of the loop leaves it the registers. */
static ADJEQ_NOINLINE uint64_t utf8_window_doubles_exact(const struct utf8_masks *m,
                                                         uint64_t *spill) {
    uint64_t c1 = m->cont >> 1, c2 = m->cont >> 2, c3 = m->cont >> 3;
    /* Well-formed characters by length. */
    uint64_t wf2 = m->lead2 & c1;
    uint64_t wf3 = m->lead3 & c1 & c2 & ~m->bad_second;
    uint64_t wf4 = m->lead4 & c1 & c2 & c3 & ~m->bad_second;
    uint64_t multi = wf2 | wf3 | wf4;
    uint64_t cover = (multi << 1) | ((wf3 | wf4) << 2) | (wf4 << 3);
    uint64_t covered = cover | *spill;
    *spill = cover >> UTF8_STEP;
    uint64_t wf = m->ascii | multi;
    uint64_t doubles =
        (m->ascii & m->eq1) | (wf2 & m->eq2 & (m->eq2 >> 1)) |
        (wf3 & m->eq3 & (m->eq3 >> 1) & (m->eq3 >> 2)) |
        (wf4 & m->eq4 & (m->eq4 >> 1) & (m->eq4 >> 2) & (m->eq4 >> 3)) |
        (~covered & ~wf & m->eq1 & ~(wf >> 1));
    return doubles & utf8_low_bits(UTF8_STEP);
}

/* Doubles whose first unit starts in the window's first UTF8_STEP
 * positions. *spill carries which of the next window's first 3 bytes a
 * character of this one covers; *checked says whether the window was found
 * well-formed through the next window's third byte (then the next window
 * may be vector-decided). */
static inline uint64_t utf8_window_doubles(const struct utf8_masks *m, uint64_t *spill,
                                           int *checked) {
    uint64_t leads = m->lead2 | m->lead3 | m->lead4, long_leads = m->lead3 | m->lead4;
    /* Where each lead's continuation bytes would be. */
    uint64_t cover = (leads << 1) | (long_leads << 2) | (m->lead4 << 3);
    /* Well-formed text, the common case: every byte in the checked range is
     * ASCII, a lead whose second byte is allowed, or a continuation byte
     * exactly where a lead (or the previous window's, *spill) puts one.
     * Then every lead starts a well-formed character, the continuation
     * bytes are covered, and no lone byte is left: units are characters. */
    uint64_t broken = ((cover | *spill) ^ m->cont) | ~(m->ascii | m->cont | leads) |
                      m->bad_second;
    if (!(broken & utf8_low_bits(UTF8_CHECKED))) {
        /* Only characters this window decides spill, not one starting in
         * the next window's first bytes (checked no further than here): the
         * run of continuation bytes at the next window's start, which the
         * check above ties to a lead before it. */
        uint64_t run = m->cont >> UTF8_STEP;
        *spill = run & ((run << 1) | 1) & ((run << 2) | 3) & 7;
        *checked = 1;
        uint64_t eq4_pairs = m->eq4 & (m->eq4 >> 1);
        uint64_t doubles = (m->ascii & m->eq1) | (m->lead2 & m->eq2 & (m->eq2 >> 1)) |
                           (m->lead3 & m->eq3 & (m->eq3 >> 1) & (m->eq3 >> 2)) |
                           (m->lead4 & eq4_pairs & (eq4_pairs >> 2));
        return doubles & utf8_low_bits(UTF8_STEP);
    }
    *checked = 0;
    return utf8_window_doubles_exact(m, spill);
}

#ifdef UTF8_ASCII_RUNS
/* From a window that is all ASCII at p (n bytes left): the ASCII bytes from
 * there are a byte buffer, so the byte kernel counts them, testing each block
 * for a non-ASCII byte as it goes (one pass: the stretch is read once). The
 * stretch stops 3 bytes short of where the ASCII ends (unless it reaches the
 * end), so the bytes around where the windows go on are ASCII, judged
 * well-formed; the pairs the kernel counted from those 3 bytes are taken
 * back (each is a unit; an equal second byte is ASCII too). Returns the
 * bytes consumed and sets *doubles, or returns 0 when the kernel found too
 * short a stretch. Out of line, as utf8_window_doubles_exact. */
static ADJEQ_NOINLINE size_t utf8_ascii_stretch(const uint8_t *p, size_t n, int tuned,
                                                size_t *doubles) {
    size_t run, got = utf8_count_ascii_run(p, n, tuned, &run);
    if (run == n) {
        *doubles = got;
        return n;
    }
    if (run < 6)
        return 0;
    size_t used = run - 3;
    *doubles = got - (size_t)(p[used] == p[used + 1]) - (size_t)(p[used + 1] == p[used + 2]) -
               (size_t)(p[used + 2] == p[used + 3]);
    return used;
}
#endif

/* The count; tuned (a constant) is handed to utf8_count_ascii_run. */
static ADJEQ_ALWAYS_INLINE size_t tpl_utf8_body(const void *text, size_t len, int tuned) {
    (void)tuned; /* unused without UTF8_ASCII_RUNS */
    const uint8_t *s = (const uint8_t *)text;
    size_t count = 0, w = 0;
    uint64_t spill = 0;
    /* checked: the positions w-3 .. w+2 were judged well-formed (the part
     * of a vector-decided window's span it does not judge itself);
     * after_fast: the last window was vector-decided, so spill is the run
     * of continuation bytes at w. */
    int checked = 0;
    struct utf8_masks m;
#ifdef UTF8_FAST_WINDOWS
    int after_fast = 0;
#ifdef UTF8_FAST_CONSTS
    struct utf8_fast_consts fast_k;
    utf8_fast_consts_init(&fast_k);
#define UTF8_FAST(p, doubles) vec_utf8_fast(p, &fast_k, doubles)
#else
#define UTF8_FAST(p, doubles) vec_utf8_fast(p, doubles)
#endif
#endif
    while (w + UTF8_READ <= len) {
#ifdef UTF8_FAST_WINDOWS
        /* No call in this loop but for long ASCII stretches, so it keeps
         * its registers. */
        while (checked) {
            uint64_t doubles;
            /* Whenever the line is in the text (tpl_prefetch.h): one add
             * and compare per window, which its 15-30 cycles hide, and no
             * set-up for the short texts. Such a window is also far from
             * the end, so the end is tested only where there is no line to
             * prefetch (one compare less per window). */
            _Static_assert(TPL_PREFETCH + UTF8_WINDOW >= UTF8_FAST_READ, "prefetch implies room");
            if (w + TPL_PREFETCH + UTF8_WINDOW <= len)
                tpl_prefetch(s + w, UTF8_WINDOW);
            else if (w + UTF8_FAST_READ > len)
                break;
            int kind = UTF8_FAST(s + w, &doubles);
            if (!kind)
                break;
#ifdef UTF8_ASCII_RUNS
            if (kind == 2) {
                /* Its own variable: the caller's count stays in a register. */
                size_t got, run = utf8_ascii_stretch(s + w, len - w, tuned, &got);
                if (run) {
                    /* Bytes before w are ASCII: nothing spills. */
                    count += got;
                    w += run;
                    after_fast = 0;
                    spill = 0;
                    continue;
                }
            }
#endif
            count += vec_popcount64(doubles & utf8_low_bits(UTF8_FAST_STEP));
            w += UTF8_FAST_STEP;
            after_fast = 1;
        }
        if (after_fast) {
            spill = utf8_cont_run(s + w, len - w);
            after_fast = 0;
        }
        if (w + UTF8_READ > len)
            break;
#endif
        if (vec_utf8_masks(s + w, &m)) {
            count += vec_popcount64(utf8_window_doubles(&m, &spill, &checked));
            w += UTF8_STEP;
            continue;
        }
        /* All ASCII: bytes are units, and nothing spills. */
        spill = 0;
        checked = 1;
#ifdef UTF8_ASCII_RUNS
        size_t got, run = utf8_ascii_stretch(s + w, len - w, tuned, &got);
        if (run) {
            count += got;
            w += run;
            continue;
        }
#endif
        count += vec_popcount64(m.eq1 & utf8_low_bits(UTF8_STEP));
        w += UTF8_STEP;
    }
    /* Last windows: a zero-padded copy, so nothing past the end is read.
     * Padding is never a continuation byte, so characters cut by the end are
     * not well-formed; and it equals no byte of a multi-byte character, so
     * only eq1 (a NUL at the end) needs comparisons with padding dropped.
     * Fewer than UTF8_READ bytes are left, so two windows at most: one copy
     * for both (a copy's loads wait for its bytes' stores to reach the
     * cache, which the second window's then find there), or none where the
     * shim reads them in place as if padded (UTF8_MASKS_IN_PLACE). */
    if (w == len)
        return count;
#ifdef UTF8_MASKS_IN_PLACE
    int in_place = utf8_tail_in_place(s + w);
#else
    const int in_place = 0;
#endif
    uint8_t copy[UTF8_READ + UTF8_STEP] = {0};
    if (!in_place)
        memcpy(copy, s + w, len - w);
    for (const uint8_t *c = copy; w < len; w += UTF8_STEP, c += UTF8_STEP) {
        size_t have = len - w; /* < UTF8_READ */
        uint64_t doubles;
        int multi;
#ifdef UTF8_MASKS_IN_PLACE
        if (in_place)
            multi = vec_utf8_masks_in_place(s + w, have, &m);
        else
#endif
            multi = vec_utf8_masks(c, &m);
        if (multi) {
            m.eq1 &= utf8_low_bits(have - 1);
            doubles = utf8_window_doubles(&m, &spill, &checked);
        } else {
            doubles = m.eq1 & utf8_low_bits(have - 1) & utf8_low_bits(UTF8_STEP);
            spill = 0;
        }
        count += vec_popcount64(doubles);
    }
    return count;
}
#undef UTF8_FAST

static size_t tpl_count_utf8(const void *text, size_t len) {
    return tpl_utf8_body(text, len, 0);
}

#endif /* ADJEQ_TPL_UTF8_H */
