/*
 * The differential suite, written once over element widths and modes: every
 * test runs one kernel's functions (a struct adjeq_kernel_ops, kernels/ops.h)
 * against naive references. Shared by test_kernels.c (the library's kernels,
 * through the _with entry points) and test_kernel_simde.c (a kernel's own
 * source built for the other architecture through SIMDe).
 *
 *   suite_run(ops, mode)  mode: "bytes", "u16", "u32", "u64", "f32", "f64",
 *                         "utf8", "utf16" or "all"; returns the number of
 *                         failed checks
 *
 * Inputs are sized for valgrind and emulators: every length and offset
 * where heads and tails change, near-misses at every position, runs long
 * enough to overflow 8- and 16-bit lane accumulators, guard pages.
 */
#ifndef ADJEQ_SUITE_H
#define ADJEQ_SUITE_H

#include <inttypes.h>
#include <string.h>

#include "article.h"
#include "ops.h"
#include "test_util.h"

static const struct adjeq_kernel_ops *suite;

/* --- bytes, 16-, 32- and 64-bit units, floats and doubles --------------- */

/* The element type under test: width in bytes, and whether its elements
 * are IEEE floats (compared with ==: NaN equals nothing, -0.0 equals 0.0). */
static int unit_float;

/* Element values that differ from each other in exactly one byte (for
 * 64-bit units: in the upper half first), so a kernel comparing bytes, or
 * the wrong part of an element, miscounts. For floats: the values whose
 * equality differs from their bits' equality (zeros of both signs, NaNs of
 * several payloads and signs, infinities, denormals). */
static const uint64_t unit_values_int[] = {
    0x00000000u, 0x00000001u, 0x00000100u, 0x00010000u, 0x01000000u,
    0x80000000u, 0x00008000u, 0x00000080u};
static const uint64_t unit_values_u64[] = {
    0, UINT64_C(0x100000000), 1, UINT64_C(0x8000000000000000), UINT64_C(0x0100000000000000),
    0x100, UINT64_C(0x0000800000000000), 0x80000000u};
static const uint64_t unit_values_f32[] = {
    0x00000000u /* 0.0 */, 0x80000000u /* -0.0 */, 0x7fc00000u /* NaN */, 0x3f800000u /* 1.0 */,
    0xffc00001u /* -NaN, payload */, 0x7f800001u /* signalling NaN */, 0x7f800000u /* inf */,
    0x00000001u /* denormal */, 0x80000001u, 0xff800000u /* -inf */};
static const uint64_t unit_values_f64[] = {
    0, UINT64_C(0x8000000000000000), UINT64_C(0x7ff8000000000000), UINT64_C(0x3ff0000000000000),
    UINT64_C(0xfff8000000000001), UINT64_C(0x7ff0000000000001), UINT64_C(0x7ff0000000000000),
    1, UINT64_C(0x8000000000000001), UINT64_C(0xfff0000000000000)};

static size_t unit_values(size_t width, const uint64_t **values) {
    if (unit_float) {
        *values = width == 4 ? unit_values_f32 : unit_values_f64;
        return 10;
    }
    *values = width == 8 ? unit_values_u64 : unit_values_int;
    return 8;
}

static size_t unit_run(size_t width, const void *p, size_t n) {
    if (unit_float)
        return width == 4 ? suite->count_f32(p, n) : suite->count_f64(p, n);
    return width == 1   ? suite->count_u8(p, n)
           : width == 2 ? suite->count_u16(p, n)
           : width == 4 ? suite->count_u32(p, n)
                        : suite->count_u64(p, n);
}

/* Element i of the units at p (any alignment), as bits. */
static uint64_t unit_get(size_t width, const uint8_t *p, size_t i) {
    if (width == 1)
        return p[i];
    if (width == 2) {
        uint16_t h;
        memcpy(&h, p + 2 * i, 2);
        return h;
    }
    if (width == 4) {
        uint32_t w;
        memcpy(&w, p + 4 * i, 4);
        return w;
    }
    uint64_t q;
    memcpy(&q, p + 8 * i, 8);
    return q;
}

static void unit_set(size_t width, uint8_t *p, size_t i, uint64_t v) {
    if (width == 1) {
        p[i] = (uint8_t)v;
    } else if (width == 2) {
        uint16_t h = (uint16_t)v;
        memcpy(p + 2 * i, &h, 2);
    } else if (width == 4) {
        uint32_t w = (uint32_t)v;
        memcpy(p + 4 * i, &w, 4);
    } else {
        memcpy(p + 8 * i, &v, 8);
    }
}

/* Whether elements i and j are equal, as the type compares them. */
static int unit_equal(size_t width, const uint8_t *p, size_t i, size_t j) {
    if (unit_float && width == 4) {
        float a, b;
        memcpy(&a, p + 4 * i, 4);
        memcpy(&b, p + 4 * j, 4);
        return a == b;
    }
    if (unit_float) {
        double a, b;
        memcpy(&a, p + 8 * i, 8);
        memcpy(&b, p + 8 * j, 8);
        return a == b;
    }
    return unit_get(width, p, i) == unit_get(width, p, j);
}

static size_t unit_reference(size_t width, const uint8_t *p, size_t n) {
    size_t count = 0;
    for (size_t i = 1; i < n; i++)
        count += unit_equal(width, p, i - 1, i);
    return count;
}

/* n elements from an alphabet of `alphabet` values: for bytes, 1..256
 * symbols (52: the article's letters); for wider units, the first 1..10 of
 * the type's values (unit_values) and 0 uniformly random bits. */
static void unit_fill(size_t width, uint8_t *p, size_t n, unsigned alphabet, uint64_t *seed) {
    if (width == 1 && !unit_float) {
        test_fill(p, n, alphabet, seed);
        return;
    }
    const uint64_t *all;
    size_t count = unit_values(width, &all), usable = 0;
    uint64_t values[10];
    for (size_t k = 0; k < count; k++)
        if (width == 8 || all[k] <= (UINT64_C(1) << (8 * width)) - 1)
            values[usable++] = all[k];
    for (size_t i = 0; i < n; i++) {
        uint64_t r = test_rand(seed);
        unit_set(width, p, i, alphabet ? values[r % (alphabet < usable ? alphabet : usable)] : r);
    }
}

/* The k-th (1..3) of three distinct ordinary values of the type: equal to
 * a copy of itself, unequal to the other two. */
static uint64_t unit_distinct(size_t width, unsigned k) {
    static const uint64_t f32[] = {0, 0x3f800000u, 0x00000000u, 0x7f800000u};
    static const uint64_t f64[] = {0, UINT64_C(0x3ff0000000000000), 0,
                                   UINT64_C(0x7ff0000000000000)};
    if (unit_float)
        return width == 4 ? f32[k] : f64[k];
    const uint64_t *values;
    unit_values(width, &values);
    return values[k];
}

static void check_units(size_t width, const uint8_t *p, size_t n, const char *what, size_t a,
                        size_t b) {
    size_t want = unit_reference(width, p, n), got = unit_run(width, p, n);
    CHECK(got == want, "%s%zu %s (%zu, %zu) n %zu: got %zu want %zu", unit_float ? "f" : "u",
          8 * width, what, a, b, n, got, want);
}


/* Guard pages for the sections below, or 0 to leave them out: where no page
 * can be protected (GUARD_PAGES_MISSING) the suite says so on stdout. */
static int suite_guarded(struct guarded *g) {
    if (GUARD_PAGES_MISSING) {
        static int said;
        if (!said++)
            printf("guard-page checks SKIPPED: %s\n", GUARD_PAGES_MISSING);
        return 0;
    }
    if (guarded_alloc(g, 2) != 0) {
        CHECK(0, "cannot map guard pages");
        return 0;
    }
    return 1;
}

static void suite_units(size_t width, int is_float) {
    unit_float = is_float;
    /* Every length at every byte offset from a 64-byte boundary (for wide
     * units: misaligned for the element type at most of them). */
    const size_t max_n = width == 1 ? 600 : 400, max_offset = 64 + 2 * width;
    /* Room for the longest case below (511 elements at offset 63 too). */
    uint8_t *buf = (uint8_t *)test_alloc64((max_n + 512) * width + max_offset + 64);
    uint64_t seed = width;
    static const unsigned byte_alphabets[] = {1, 2, 4, 52, 256};
    static const unsigned unit_alphabets[] = {1, 2, 3, 8, 0};
    /* Floats: zeros of both signs, then NaNs, then everything. */
    static const unsigned float_alphabets[] = {2, 3, 5, 10, 0};
    const unsigned *alphabets =
        is_float ? float_alphabets : width == 1 ? byte_alphabets : unit_alphabets;
    for (size_t a = 0; a < 5; a++) {
        unit_fill(width, buf, max_n + max_offset / width + 1, alphabets[a], &seed);
        for (size_t off = 0; off < max_offset; off++) {
            /* Wide units at misaligned offsets: two alphabets suffice. */
            if (off % width && a % 2)
                continue;
            for (size_t n = 0; n <= max_n; n++)
                check_units(width, buf + off, n, "alphabet/offset", alphabets[a], off);
        }
    }

    /* Exactly one double at each position: every pair, including those that
     * straddle vector blocks or fall in a head or tail, counts once. */
    static const size_t lens[] = {2, 9, 17, 33, 64, 65, 100, 127, 128, 129, 200, 257, 300, 511};
    for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++)
        for (size_t off = 0; off < 64; off += 7) {
            uint8_t *p = buf + off;
            size_t n = lens[l];
            for (size_t pos = 0; pos + 1 < n; pos++) {
                for (size_t i = 0; i < n; i++) /* alternating: no doubles */
                    unit_set(width, p, i, unit_distinct(width, 1 + (i & 1)));
                unit_set(width, p, pos + 1, unit_get(width, p, pos));
                if (pos + 2 < n) /* keep the pair after it distinct too */
                    unit_set(width, p, pos + 2, unit_distinct(width, 3));
                check_units(width, p, n, "single double at", off, pos);
            }
        }
    test_free64(buf);

    /* Equal runs that overflow 8- and 16-bit lane accumulators, whole and
     * broken every 1000 elements. */
    static const size_t run_lens[] = {255 * 16 + 1, 255 * 64 + 3, 65536 + 5,
                                      65535 * 16 + 7, (1u << 20) + 13};
    size_t max = (1u << 20) + 128; /* the longest run at the largest offset */
    uint8_t *big = (uint8_t *)test_alloc64(max * width + 64);
    /* Wide units: misaligned, and aligned to the unit but not to a vector
     * or a 64-byte line (the kernels' heads, whose lanes are summed apart
     * from the loop's: the two shorter runs, of two chunks or more, cover
     * them). */
    static const size_t wide_offsets[] = {0, 1, 2, 3, 8, 32};
    for (size_t l = 0; l < sizeof run_lens / sizeof run_lens[0]; l++)
        for (size_t o = 0; o < (width == 1 ? 5u : l < 2 ? 6u : 4u); o++) {
            size_t off = width == 1 ? 13 * o : wide_offsets[o];
            for (size_t i = 0; i < max; i++)
                unit_set(width, big, i, 0x01010101u);
            CHECK(unit_run(width, big + off, run_lens[l]) == run_lens[l] - 1,
                  "%zu-byte units all equal, n %zu offset %zu", width, run_lens[l], off);
            for (size_t i = 999; i < max; i += 1000)
                unit_set(width, big, i, 0x01000100u);
            check_units(width, big + off, run_lens[l], "broken runs", run_lens[l], off);
        }
    if (is_float) {
        /* NaN equals nothing, not even itself; zeros of both signs are equal. */
        const uint64_t *values;
        unit_values(width, &values);
        for (size_t i = 0; i < 70000; i++)
            unit_set(width, big, i, values[2]);
        CHECK(unit_run(width, big, 70000) == 0, "f%zu all NaN", 8 * width);
        for (size_t i = 0; i < 70000; i++)
            unit_set(width, big, i, values[i & 1]);
        CHECK(unit_run(width, big, 70000) == 69999, "f%zu 0.0 and -0.0 alternating", 8 * width);
    }
    test_free64(big);

    /* Ends exactly at a PROT_NONE page / starts right after one: any read
     * outside [data, data + n * width) faults. */
    struct guarded g;
    if (!suite_guarded(&g))
        return;
    size_t cap = g.size / width, max_guarded = cap - 1 < 1100 ? cap - 1 : 1100;
    for (size_t n = 0; n <= max_guarded; n++) {
        unit_fill(width, g.base, cap, n % 2 ? 1 : 4, &seed);
        check_units(width, g.base + (cap - n) * width, n, "ends at guard page", n, 0);
        check_units(width, g.base, n, "starts after guard page", n, 0);
        /* Misaligned and ending at the page: the last element's bytes end
         * one byte before it. */
        if (width > 1)
            check_units(width, g.base + (cap - n) * width - 1, n, "misaligned, guard page", n, 0);
    }
    guarded_free(&g);

    if (width == 1) {
        const char *s = "abCCdeFFghiJJklmnopqRRstuVVxyZZ";
        CHECK(suite->count_u8(s, strlen(s)) == 6, "article example");
        /* The article's workload against the article's own function. */
        enum { N = 1000000 };
        char *text = (char *)malloc(N + 1);
        uint64_t article_seed = 2017;
        test_fill((uint8_t *)text, N, 52, &article_seed);
        text[N] = '\0';
        uint64_t want = count_byte_doubles(text);
        size_t got = suite->count_u8(text, N);
        CHECK(got == want, "article workload: got %zu want %" PRIu64, got, want);
        free(text);
    }
}

/* --- UTF-8 code points ----------------------------------------------------- */

/* One unit as Python's bytes.decode("utf-8", "surrogateescape") sees it,
 * decoded by value (not by the byte ranges the kernels use): a valid
 * character gives its code point, any other byte b gives U+DC00 + b. */
static size_t decode_unit(const uint8_t *s, size_t avail, uint32_t *unit) {
    uint8_t b = s[0];
    size_t n;
    uint32_t v, min;
    if (b < 0x80) {
        *unit = b;
        return 1;
    } else if ((b & 0xe0) == 0xc0) {
        n = 2, v = b & 0x1fu, min = 0x80;
    } else if ((b & 0xf0) == 0xe0) {
        n = 3, v = b & 0x0fu, min = 0x800;
    } else if ((b & 0xf8) == 0xf0) {
        n = 4, v = b & 0x07u, min = 0x10000;
    } else {
        goto stray;
    }
    if (n > avail)
        goto stray;
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xc0) != 0x80)
            goto stray;
        v = v << 6 | (s[k] & 0x3fu);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        goto stray;
    *unit = v;
    return n;
stray:
    *unit = 0xdc00u + b;
    return 1;
}

static size_t utf8_reference(const uint8_t *s, size_t len) {
    size_t count = 0;
    uint32_t prev = UINT32_MAX, unit;
    for (size_t i = 0; i < len; i += decode_unit(s + i, len - i, &unit)) {
        decode_unit(s + i, len - i, &unit);
        count += unit == prev;
        prev = unit;
    }
    return count;
}

static size_t utf8_run(const uint8_t *s, size_t len) {
    return suite->count_utf8(s, len);
}

/* Pieces text is built from: 1- to 4-byte characters (including the edges
 * of Table 3-7) and invalid sequences of every kind. */
static const char *const utf8_pieces[] = {
    "a", "b", "\xc3\xa9" /* é */, "\xc2\x80", "\xdf\xbf",
    "\xe2\x82\xac" /* € */, "\xe0\xa0\xa0" /* U+0820 */, "\xed\x9f\xbf",
    "\xef\xbf\xbf", "\xf0\x9f\x98\x80" /* U+1F600 */, "\xf0\x90\x80\x80",
    "\xf4\x8f\xbf\xbf" /* U+10FFFF */,
    /* invalid: */
    "\x80", "\xbf", "\xc0\x80", "\xc1", "\xc3", "\xe0\x80\x80", "\xed\xa0\x80",
    "\xe2\x82", "\xf0\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf0\x9f\x98", "\xf5",
    "\xff", "\xe2" /* lone leads: a stray byte before the same lead */, "\xf0"};
#define UTF8_PIECES (sizeof utf8_pieces / sizeof utf8_pieces[0])

/* Text of len bytes from the first `pieces` pieces (a piece may be cut by
 * the end). Few distinct pieces make doubles frequent. */
static void utf8_fill(uint8_t *buf, size_t len, size_t pieces, uint64_t *seed) {
    size_t i = 0;
    while (i < len) {
        const char *piece = utf8_pieces[test_rand(seed) % pieces];
        size_t n = strlen(piece);
        /* Repeat often, so runs of equal characters are common. */
        size_t reps = 1 + (test_rand(seed) % 3 == 0) * (size_t)(test_rand(seed) % 4);
        for (size_t r = 0; r < reps; r++)
            for (size_t k = 0; k < n && i < len; k++)
                buf[i++] = (uint8_t)piece[k];
    }
}

/* Bytes from a small set that is dense in the values the validity rules
 * distinguish, so random strings hit every boundary. */
static void utf8_fill_bytes(uint8_t *buf, size_t len, uint64_t *seed) {
    static const uint8_t edge[] = {0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
                                   0xc0, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0,
                                   0xf3, 0xf4, 0xf5, 0xff};
    for (size_t i = 0; i < len; i++)
        buf[i] = edge[test_rand(seed) % sizeof edge];
}

static void check_utf8(const uint8_t *s, size_t len, const char *what, size_t a, size_t b) {
    size_t want = utf8_reference(s, len), got = utf8_run(s, len);
    CHECK(got == want, "utf8 %s (%zu, %zu) len %zu: got %zu want %zu", what, a, b,
          len, got, want);
}

static void suite_utf8_examples(void) {
    static const struct {
        const char *text;
        size_t doubles;
    } cases[] = {
        {"abCCdeFFghiJJklmnopqRRstuVVxyZZ", 6},
        {"\xc3\xa9\xc3\xa9", 1},            /* éé: no byte double, one code-point double */
        {"\xe0\xa0\xa0", 0},                 /* U+0820: a byte double inside one character */
        {"\xe0\xa0\xa0\xe0\xa0\xa0", 1},
        {"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 2},
        {"\xff\xff", 1},                      /* stray bytes equal the same stray byte */
        {"\xc3\xc3\xa9", 0},                 /* stray C3, then U+00E9 */
        {"\xe0\xe0\xa0\x80", 0},             /* stray E0, then U+0800 */
        {"\xe2\x82\xe2\x82", 0},             /* cut characters: E2 82 E2 82, no pair equal */
        {"\xf0\x9f\x98\x98", 0},             /* U+1F618: a byte double inside one character */
        {"\xc3\xa9\xa9\xa9", 1},             /* é, then two equal stray continuation bytes: A9 A9 */
        {"\xed\xa0\x80\xed\xa0\x80", 0},   /* encoded surrogates: six stray bytes, none equal to the next */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const uint8_t *s = (const uint8_t *)cases[c].text;
        size_t len = strlen(cases[c].text);
        CHECK(utf8_reference(s, len) == cases[c].doubles, "reference, example %zu", c);
        CHECK(utf8_run(s, len) == cases[c].doubles, "example %zu: got %zu want %zu", c,
              utf8_run(s, len), cases[c].doubles);
    }
}

static void suite_utf8(void) {
    enum { MAX_LEN = 300, MAX_ALIGN = 64 };
    uint8_t *buf = (uint8_t *)test_alloc64(MAX_LEN + MAX_ALIGN + 64);
    uint64_t seed = 8;
    suite_utf8_examples();
    /* Every length at many alignments (every one for the richest mix; the
     * kernels' windows start at the pointer, so alignment matters only to
     * loads): valid text with few and many distinct characters, text mixed
     * with invalid pieces, edge bytes. Sized for valgrind and emulators. */
    static const size_t piece_counts[] = {2, 6, 12, UTF8_PIECES};
    for (size_t v = 0; v < 6; v++) {
        if (v < 4)
            utf8_fill(buf, MAX_LEN + MAX_ALIGN, piece_counts[v], &seed);
        else
            utf8_fill_bytes(buf, MAX_LEN + MAX_ALIGN, &seed);
        for (size_t align = 0; align < MAX_ALIGN; align += v == 3 ? 1 : 5)
            for (size_t len = 0; len <= MAX_LEN; len++)
                check_utf8(buf + align, len, "mix/align", v, align);
    }
    /* Random bytes, all 256 values and edge values, at random offsets. */
    for (size_t trial = 0; trial < 20000; trial++) {
        size_t len = test_rand(&seed) % 200, align = test_rand(&seed) % 64;
        if (trial % 2)
            test_fill(buf + align, len, 256, &seed);
        else
            utf8_fill_bytes(buf + align, len, &seed);
        check_utf8(buf + align, len, "random bytes", trial, align);
    }
    /* One double of each character at every position among other
     * characters: doubles straddling windows, heads and tails. */
    for (size_t piece = 0; piece < UTF8_PIECES; piece++) {
        const char *x = utf8_pieces[piece];
        size_t n = strlen(x);
        for (size_t pos = 0; pos + 2 * n <= 200; pos++) {
            for (size_t i = 0; i < 200; i++)
                buf[i] = (uint8_t)('a' + (i % 2)); /* abab...: no doubles */
            memcpy(buf + pos, x, n);
            memcpy(buf + pos + n, x, n);
            check_utf8(buf, 200, "double at", piece, pos);
            check_utf8(buf + 1, 199, "double at (shifted)", piece, pos);
        }
    }
    /* Every lead byte with every continuation byte after it, twice, in
     * well-formed text: the lead-class shortcuts (thresholds, lookup tables)
     * must hand each odd pair (overlong, surrogate, above U+10FFFF, C0, C1,
     * F5..FF) to the exact rules, at places around a window's edges. */
    static const size_t odd_at[] = {0, 29, 57, 59, 61, 63};
    for (unsigned lead = 0xc0; lead <= 0xff; lead++)
        for (unsigned second = 0x80; second <= 0xbf; second++)
            for (size_t k = 0; k < sizeof odd_at / sizeof odd_at[0]; k++) {
                for (size_t i = 0; i + 1 < 200; i += 2) { /* U+00E9, well-formed */
                    buf[i] = 0xc3;
                    buf[i + 1] = 0xa9;
                }
                uint8_t piece[4] = {(uint8_t)lead, (uint8_t)second, 0x80, 0x80};
                memcpy(buf + 64 + odd_at[k], piece, 4);
                memcpy(buf + 68 + odd_at[k], piece, 4);
                check_utf8(buf, 200, "odd pair at", lead << 8 | second, odd_at[k]);
            }
    /* A 4-byte lead cut short after two equal continuation bytes, at every
     * position of well-formed text: when it starts in a window's last bytes,
     * that window must not claim its continuation bytes for it (they are
     * lone bytes, and a double). */
    static const char *const cut_short[] = {"\xf0\x9f\x9f\x41", "\xf1\x80\x80\x41"};
    for (size_t k = 0; k < 2; k++)
        for (size_t pos = 0; pos + 4 <= 200; pos++) {
            for (size_t i = 0; i + 1 < 200; i += 2) { /* U+00E9 */
                buf[i] = 0xc3;
                buf[i + 1] = 0xa9;
            }
            memcpy(buf + pos, cut_short[k], 4);
            check_utf8(buf, 200, "cut-short lead at", k, pos);
        }
    /* A stray byte next to a character that starts with the same byte, at
     * every position: whether the second one starts a well-formed character
     * decides the count, and that is read furthest ahead of the window. */
    static const char *const near_misses[] = {"\xc3\xc3\xa9", "\xe2\xe2\x82\xac",
                                              "\xf0\xf0\x9f\x98\x80", "\xf4\xf4\x8f\xbf\xbf",
                                              "\xa9\xa9", "\xf0\x9f\x98\xf0\x9f\x98\x80"};
    for (size_t k = 0; k < sizeof near_misses / sizeof near_misses[0]; k++) {
        size_t n = strlen(near_misses[k]);
        for (size_t pos = 0; pos + n <= 200; pos++) {
            for (size_t i = 0; i < 200; i++)
                buf[i] = (uint8_t)('a' + (i % 2));
            memcpy(buf + pos, near_misses[k], n);
            check_utf8(buf, 200, "near miss at", k, pos);
            check_utf8(buf, pos + n, "near miss at the end", k, pos);
        }
    }
    /* A character whose lead is the smallest of its length (E0, F0), then
     * a shorter unit and bytes equal to the character's continuation bytes,
     * at every position of well-formed text: a compare that takes the
     * smallest lead for any shorter byte (tpl_masks.h's max form) sees a
     * double there unless the bytes after the character are judged too,
     * which a window's last positions leave to the next window. */
    static const char *const smallest_leads[] = {
        "\xf0\x90\x80\x80\x80\x90\x80\x80", "\xf0\x90\x80\x80\x41\x90\x80\x80",
        "\xf0\x90\x80\x80\xc2\x90\x80\x80", "\xf0\x90\x80\x80\xe1\x90\x80\x80",
        "\xe0\xa0\x80\x80\xa0\x80",         "\xe0\xa0\x80\x41\xa0\x80",
        "\xe0\xa0\x80\xc2\xa0\x80"};
    for (size_t k = 0; k < sizeof smallest_leads / sizeof smallest_leads[0]; k++) {
        size_t n = strlen(smallest_leads[k]);
        for (size_t pos = 0; pos + n <= 200; pos++)
            for (int ascii = 0; ascii < 2; ascii++) {
                for (size_t i = 0; i + 1 < 200; i += 2) { /* ab or U+00E9 */
                    buf[i] = ascii ? 'a' : 0xc3;
                    buf[i + 1] = ascii ? 'b' : 0xa9;
                }
                memcpy(buf + pos, smallest_leads[k], n);
                check_utf8(buf, 200, ascii ? "smallest lead in ASCII at" : "smallest lead at",
                           k, pos);
            }
    }
    test_free64(buf);

    /* An ASCII stretch of every length up to where the byte loop's steps,
     * single blocks and tail have all been passed, and around its
     * accumulator flushes (every 252 vectors of 16 or 32 bytes), after 0 to 3
     * characters (which move it against the vector grid by 0, 2, 5 or 7
     * bytes), then bytes that need the ones before them to be judged (stray
     * or cut-short pairs, a double and well-formed text): where the stretch
     * ends, the next window has judged nothing yet. Also cut at the
     * stretch's end and just after, where the byte loop's tail is the last
     * thing counted. The last range sits in a text of 40 KiB, where the byte
     * loops prefetch (tpl_prefetch.h, AVX512_PREFETCH_MIN), so it also stops
     * in a prefetching loop. */
    static const char *const after_ascii[] = {"\x80\x80", "\xa9\xa9\xc3\xa9", "\xe2\x82\xe2\x82",
                                              "\xc3\xa9\xc3\xa9"};
    static const size_t stretch_from[] = {0, 4020, 8050, 16120, 20090};
    static const size_t stretch_to[] = {720, 4060, 8090, 16160, 20130};
    const size_t long_text = 40 << 10, long_range = 4;
    size_t run_size = long_text;
    uint8_t *run_buf = (uint8_t *)test_alloc64(run_size);
    for (size_t k = 0; k < sizeof after_ascii / sizeof after_ascii[0]; k++)
        for (size_t lead_in = 0; lead_in < 4; lead_in++)
            for (int twice = 0; twice < 2; twice++)
                for (size_t r = 0; r < sizeof stretch_from / sizeof stretch_from[0]; r++)
                    for (size_t ascii = stretch_from[r]; ascii < stretch_to[r]; ascii++) {
                        size_t at = 0;
                        for (size_t i = 0; i < lead_in; i++) { /* é, €, é: 0, 2, 5, 7 bytes */
                            const char *c = i % 2 ? "\xe2\x82\xac" : "\xc3\xa9";
                            memcpy(run_buf + at, c, strlen(c));
                            at += strlen(c);
                        }
                        /* abcabc: no doubles; aabbcc: the pairs the byte loop
                         * counts past where the windows go on must be taken
                         * back. */
                        for (size_t i = 0; i < ascii; i++)
                            run_buf[at++] = (uint8_t)('a' + (twice ? i / 2 : i) % 3);
                        size_t end = at, n = strlen(after_ascii[k]);
                        memcpy(run_buf + at, after_ascii[k], n);
                        at += n;
                        size_t tail_pairs = r == long_range ? long_text : 96;
                        for (size_t i = 0; i < tail_pairs && at + 2 <= run_size; i++) {
                            run_buf[at++] = 0xc3;
                            run_buf[at++] = 0xb6;
                        }
                        size_t what = (size_t)twice << 28 | lead_in << 24 | ascii;
                        check_utf8(run_buf, at, "after an ASCII stretch", k, what);
                        if (k == 0 && r == 0) {
                            check_utf8(run_buf, end, "ASCII stretch at the end", k, what);
                            check_utf8(run_buf, end + 1, "ASCII stretch, one byte after", k, what);
                        }
                    }
    test_free64(run_buf);

    /* Long runs of one character (and of stray bytes). */
    size_t max = (1u << 20) + 64;
    uint8_t *big = (uint8_t *)malloc(max);
    for (size_t piece = 0; piece < UTF8_PIECES; piece++) {
        const char *x = utf8_pieces[piece];
        size_t n = strlen(x);
        for (size_t i = 0; i < max; i++)
            big[i] = (uint8_t)x[i % n];
        check_utf8(big, max - max % n, "long run", piece, 0);
        check_utf8(big + 1, max - 1, "long run shifted", piece, 0);
    }
    /* 1 MB of mixed text (the benchmark's kind of input). */
    utf8_fill(big, max, UTF8_PIECES, &seed);
    check_utf8(big, max, "1 MB mixed", 0, 0);
    utf8_fill(big, max, 12, &seed);
    check_utf8(big, max, "1 MB valid", 0, 0);
    free(big);

    /* Ends exactly at a PROT_NONE page / starts right after one. */
    struct guarded g;
    if (!suite_guarded(&g))
        return;
    for (size_t len = 0; len <= 700; len++) {
        utf8_fill(g.base, g.size, UTF8_PIECES, &seed);
        check_utf8(g.base + g.size - len, len, "ends at guard page", len, 0);
        check_utf8(g.base, len, "starts after guard page", len, 0);
    }
    guarded_free(&g);
}

/* --- UTF-16 code points --------------------------------------------------- */

/* Python's decode("utf-16", "surrogatepass"): a high surrogate then a low
 * one give one code point, any other element itself. */
static size_t utf16_reference(const uint16_t *s, size_t n) {
    size_t count = 0;
    uint32_t prev = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        uint32_t unit = s[i];
        if ((s[i] & 0xfc00) == 0xd800 && i + 1 < n && (s[i + 1] & 0xfc00) == 0xdc00) {
            unit = 0x10000 + (((uint32_t)s[i] & 0x3ff) << 10 | (s[i + 1] & 0x3ffu));
            i++;
        }
        count += unit == prev;
        prev = unit;
    }
    return count;
}

/* Pieces (1 or 2 elements): BMP characters, the edges of the surrogate
 * ranges, pairs, and lone surrogates of both kinds. */
static const uint16_t utf16_pieces[][2] = {
    {'a', 0}, {'b', 0}, {0xe9, 0}, {0, 0} /* NUL */, {0xd7ff, 0}, {0xe000, 0},
    {0xffff, 0}, {0xd83d, 0xde00} /* U+1F600 */, {0xd83d, 0xde01}, {0xd800, 0xdc00},
    {0xdbff, 0xdfff}, {0xd83d, 0} /* lone high */, {0xde00, 0} /* lone low */,
    {0xdbff, 0}, {0xdc00, 0}};
#define UTF16_PIECES (sizeof utf16_pieces / sizeof utf16_pieces[0])

static size_t piece_len(const uint16_t *piece) {
    return (piece[0] & 0xfc00) == 0xd800 && piece[1] ? 2 : 1;
}

static void utf16_fill(uint16_t *buf, size_t n, size_t pieces, uint64_t *seed) {
    size_t i = 0;
    while (i < n) {
        const uint16_t *piece = utf16_pieces[test_rand(seed) % pieces];
        size_t reps = 1 + (test_rand(seed) % 3 == 0) * (size_t)(test_rand(seed) % 4);
        for (size_t r = 0; r < reps; r++)
            for (size_t k = 0; k < piece_len(piece) && i < n; k++)
                buf[i++] = piece[k];
    }
}

static void check_utf16(const uint16_t *s, size_t n, const char *what, size_t a, size_t b) {
    size_t want = utf16_reference(s, n), got = suite->count_utf16(s, n);
    CHECK(got == want, "utf16 %s (%zu, %zu) n %zu: got %zu want %zu", what, a, b, n,
          got, want);
}

static void suite_utf16(void) {
    static const struct {
        uint16_t text[6];
        size_t n, doubles;
    } cases[] = {
        {{0xd83d, 0xde00, 0xd83d, 0xde00}, 4, 1}, /* two U+1F600 */
        {{0xd83d, 0xd83d, 0xde00}, 3, 0},         /* lone high, then a pair */
        {{0xde00, 0xde00}, 2, 1},                 /* lone lows equal */
        {{0xd83d, 0xd83d}, 2, 1},                 /* lone highs equal */
        {{0xd83d, 0xde00, 0xde00}, 3, 0},         /* a pair, then a lone low */
        {{0xde00, 0xd83d, 0xde00, 0xde00}, 4, 0},
        {{'a', 'a', 0xd83d, 0xde00, 0xd83d, 0xde00}, 6, 2},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        CHECK(utf16_reference(cases[c].text, cases[c].n) == cases[c].doubles,
              "utf16 reference, example %zu", c);
        CHECK(suite->count_utf16(cases[c].text, cases[c].n) == cases[c].doubles,
              "utf16 example %zu", c);
    }
    enum { MAX_N = 300, MAX_SHIFT = 40 };
    uint16_t *buf = (uint16_t *)test_alloc64((MAX_N + MAX_SHIFT) * 2 + 64);
    uint64_t seed = 16;
    /* Every length at many element offsets from a 64-byte boundary (every
     * one for the richest mix). */
    static const size_t piece_counts[] = {2, 8, UTF16_PIECES};
    for (size_t v = 0; v < 4; v++) {
        if (v < 3) {
            utf16_fill(buf, MAX_N + MAX_SHIFT, piece_counts[v], &seed);
        } else { /* single elements from the edges, in any order */
            for (size_t i = 0; i < MAX_N + MAX_SHIFT; i++)
                buf[i] = utf16_pieces[test_rand(&seed) % UTF16_PIECES][test_rand(&seed) % 2];
        }
        for (size_t shift = 0; shift < MAX_SHIFT; shift += v == 2 ? 1 : 3)
            for (size_t n = 0; n <= MAX_N; n++)
                check_utf16(buf + shift, n, "mix/shift", v, shift);
    }
    /* One double of each piece at every position among other elements. */
    for (size_t piece = 0; piece < UTF16_PIECES; piece++) {
        size_t len = piece_len(utf16_pieces[piece]);
        for (size_t pos = 0; pos + 2 * len <= 150; pos++) {
            for (size_t i = 0; i < 150; i++)
                buf[i] = (uint16_t)('a' + (i % 2));
            memcpy(buf + pos, utf16_pieces[piece], len * 2);
            memcpy(buf + pos + len, utf16_pieces[piece], len * 2);
            check_utf16(buf, 150, "double at", piece, pos);
            check_utf16(buf + 1, 149, "double at (shifted)", piece, pos);
        }
    }
    /* Misaligned for uint16_t: the same text at odd byte offsets. */
    uint8_t *raw = (uint8_t *)malloc(MAX_N * 2 + 8);
    utf16_fill(buf, MAX_N, UTF16_PIECES, &seed);
    for (size_t off = 1; off < 8; off += 2)
        for (size_t n = 0; n <= MAX_N; n++) {
            memcpy(raw + off, buf, n * 2);
            size_t want = utf16_reference(buf, n), got = suite->count_utf16(raw + off, n);
            CHECK(got == want, "utf16 misaligned by %zu, n %zu: got %zu want %zu", off, n,
                  got, want);
        }
    free(raw);
    test_free64(buf);
    /* Long runs of one piece. */
    size_t max = (1u << 19) + 64;
    uint16_t *big = (uint16_t *)malloc(max * 2);
    for (size_t piece = 0; piece < UTF16_PIECES; piece++) {
        size_t len = piece_len(utf16_pieces[piece]);
        for (size_t i = 0; i < max; i++)
            big[i] = utf16_pieces[piece][i % len];
        check_utf16(big, max - max % len, "long run", piece, 0);
        check_utf16(big + 1, max - 1, "long run shifted", piece, 0);
    }
    utf16_fill(big, max, UTF16_PIECES, &seed);
    check_utf16(big, max, "1 MB mixed", 0, 0);
    free(big);
    /* Ends exactly at a PROT_NONE page / starts right after one. */
    struct guarded g;
    if (!suite_guarded(&g))
        return;
    uint16_t *base = (uint16_t *)(void *)g.base;
    size_t cap = g.size / 2;
    for (size_t n = 0; n <= 300; n++) {
        utf16_fill(base, cap, UTF16_PIECES, &seed);
        check_utf16(base + cap - n, n, "ends at guard page", n, 0);
        check_utf16(base, n, "starts after guard page", n, 0);
    }
    guarded_free(&g);
}


/* Runs one mode's tests (or all) on ops; returns the failed checks so far,
 * or -1 for an unknown mode. */
static int suite_run(const struct adjeq_kernel_ops *ops, const char *mode) {
    suite = ops;
    int all = strcmp(mode, "all") == 0, known = all;
    if (all || strcmp(mode, "bytes") == 0)
        suite_units(1, 0), known = 1;
    if (all || strcmp(mode, "u16") == 0)
        suite_units(2, 0), known = 1;
    if (all || strcmp(mode, "u32") == 0)
        suite_units(4, 0), known = 1;
    if (all || strcmp(mode, "u64") == 0)
        suite_units(8, 0), known = 1;
    if (all || strcmp(mode, "f32") == 0)
        suite_units(4, 1), known = 1;
    if (all || strcmp(mode, "f64") == 0)
        suite_units(8, 1), known = 1;
    if (all || strcmp(mode, "utf8") == 0)
        suite_utf8(), known = 1;
    if (all || strcmp(mode, "utf16") == 0)
        suite_utf16(), known = 1;
    return known ? test_failures : -1;
}

#endif /* ADJEQ_SUITE_H */
