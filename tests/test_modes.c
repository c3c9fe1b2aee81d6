/*
 * Differential suite for the modes (16-/32-bit units, UTF-8 code points) of
 * one kernel against naive references:  test_modes MODE KERNEL_NAME.
 * Exit 77 (skipped) if the kernel is compiled in but this CPU cannot run it.
 */
#include "adjeq.h"
#include "test_util.h"

static enum adjeq_kernel kernel;

/* The functions under test: by default the library's kernel named on the
 * command line; test_modes_simde.c points them at a kernel's own source
 * built through SIMDe. */
static size_t library_u16(const uint16_t *data, size_t n) {
    return adjeq_count_u16_with(kernel, data, n);
}
static size_t library_u32(const uint32_t *data, size_t n) {
    return adjeq_count_u32_with(kernel, data, n);
}
static size_t library_utf8(const uint8_t *s, size_t len) {
    return adjeq_count_utf8_with(kernel, (const char *)s, len);
}
static size_t (*count_u16)(const uint16_t *, size_t) = library_u16;
static size_t (*count_u32)(const uint32_t *, size_t) = library_u32;
static size_t (*count_utf8)(const uint8_t *, size_t) = library_utf8;
static size_t library_utf16(const uint16_t *s, size_t n) {
    return adjeq_count_utf16_with(kernel, s, n);
}
static size_t (*count_utf16)(const uint16_t *, size_t) = library_utf16;

/* --- 16-/32-bit units ---------------------------------------------------- */

/* Element values that differ from each other in exactly one byte, so a
 * kernel comparing bytes (or the wrong half of an element) miscounts. */
static const uint32_t wide_alphabet[] = {
    0x00000000u, 0x00000001u, 0x00000100u, 0x00010000u, 0x01000000u,
    0x80000000u, 0x00008000u, 0x00000080u};

struct wide_buf {
    size_t width; /* 2 or 4 */
    void *data;   /* aligned for width */
};

static uint32_t wide_get(const struct wide_buf *b, size_t i) {
    return b->width == 2 ? ((const uint16_t *)b->data)[i]
                         : ((const uint32_t *)b->data)[i];
}

static void wide_set(struct wide_buf *b, size_t i, uint32_t v) {
    if (b->width == 2)
        ((uint16_t *)b->data)[i] = (uint16_t)v;
    else
        ((uint32_t *)b->data)[i] = v;
}

static size_t wide_run(const struct wide_buf *b, size_t first, size_t n) {
    if (b->width == 2)
        return count_u16((const uint16_t *)b->data + first, n);
    return count_u32((const uint32_t *)b->data + first, n);
}

static size_t wide_reference(const struct wide_buf *b, size_t first, size_t n) {
    size_t count = 0;
    for (size_t i = first + 1; i < first + n; i++)
        count += wide_get(b, i - 1) == wide_get(b, i);
    return count;
}

/* alphabet: 1..8 picks from wide_alphabet (values unique within the width),
 * 0 means uniformly random values. */
static void wide_fill(struct wide_buf *b, size_t n, unsigned alphabet, uint64_t *seed) {
    unsigned usable = 0;
    uint32_t values[8];
    for (unsigned k = 0; k < 8; k++) {
        uint32_t v = wide_alphabet[k];
        if (b->width == 2 && v > 0xffffu)
            continue;
        values[usable++] = v;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t r = test_rand(seed);
        wide_set(b, i, alphabet ? values[r % (alphabet < usable ? alphabet : usable)]
                                : (uint32_t)r);
    }
}

static void test_wide(size_t width) {
    enum { MAX_N = 400, MAX_SHIFT = 64 };
    struct wide_buf b = {width, aligned_alloc(64, (MAX_N + MAX_SHIFT + 64) * 4)};
    uint64_t seed = width;
    static const unsigned alphabets[] = {1, 2, 3, 8, 0};
    /* Every length at every element offset from a 64-byte boundary. */
    for (size_t a = 0; a < sizeof alphabets / sizeof alphabets[0]; a++) {
        wide_fill(&b, MAX_N + MAX_SHIFT, alphabets[a], &seed);
        for (size_t shift = 0; shift < MAX_SHIFT / width + 2; shift++)
            for (size_t n = 0; n <= MAX_N; n++) {
                size_t want = wide_reference(&b, shift, n), got = wide_run(&b, shift, n);
                CHECK(got == want, "u%zu alphabet %u shift %zu n %zu: got %zu want %zu",
                      8 * width, alphabets[a], shift, n, got, want);
            }
    }
    /* Exactly one double at each position (block straddles, heads, tails). */
    static const size_t lens[] = {2, 9, 17, 33, 64, 65, 100, 129, 257, 300};
    for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++)
        for (size_t shift = 0; shift < 40; shift += 3)
            for (size_t pos = 0; pos + 1 < lens[l]; pos++) {
                for (size_t i = 0; i < lens[l]; i++)
                    wide_set(&b, shift + i, wide_alphabet[1 + (i & 1)]);
                wide_set(&b, shift + pos + 1, wide_get(&b, shift + pos));
                if (pos + 2 < lens[l])
                    wide_set(&b, shift + pos + 2, wide_alphabet[3]);
                CHECK(wide_run(&b, shift, lens[l]) == wide_reference(&b, shift, lens[l]),
                      "u%zu single double len %zu shift %zu pos %zu", 8 * width,
                      lens[l], shift, pos);
            }
    /* Misaligned for the element type, as Python's buffers may be. */
    uint8_t *raw = (uint8_t *)malloc(MAX_N * 4 + 8);
    wide_fill(&b, MAX_N, 2, &seed);
    for (size_t off = 1; off < width; off++)
        for (size_t n = 0; n <= MAX_N; n++) {
            memcpy(raw + off, b.data, n * width);
            const void *p = raw + off;
            size_t got = width == 2 ? count_u16((const uint16_t *)p, n)
                                    : count_u32((const uint32_t *)p, n);
            CHECK(got == wide_reference(&b, 0, n), "u%zu misaligned by %zu, n %zu",
                  8 * width, off, n);
        }
    free(raw);
    free(b.data);

    /* Equal runs that overflow 8- and 16-bit lane accumulators. */
    size_t max = (1u << 20) + 64;
    struct wide_buf big = {width, aligned_alloc(64, max * 4 + 64)};
    static const size_t run_lens[] = {255 * 16 + 1, 255 * 64 + 3, 65536 + 5,
                                      65535 * 16 + 7, (1u << 20) + 13};
    for (size_t l = 0; l < sizeof run_lens / sizeof run_lens[0]; l++)
        for (size_t shift = 0; shift < 4; shift++) {
            for (size_t i = 0; i < max; i++)
                wide_set(&big, i, 0x0101u);
            CHECK(wide_run(&big, shift, run_lens[l]) == run_lens[l] - 1,
                  "u%zu all-equal n %zu", 8 * width, run_lens[l]);
            for (size_t i = 999; i < max; i += 1000)
                wide_set(&big, i, 0x0100u);
            CHECK(wide_run(&big, shift, run_lens[l]) == wide_reference(&big, shift, run_lens[l]),
                  "u%zu broken runs n %zu", 8 * width, run_lens[l]);
        }
    free(big.data);

    /* Ends exactly at a PROT_NONE page / starts right after one. */
    struct guarded g;
    if (guarded_alloc(&g, 2) != 0) {
        CHECK(0, "cannot map guard pages");
        return;
    }
    size_t cap = g.size / width;
    for (size_t n = 0; n <= 700; n++) {
        struct wide_buf at = {width, g.base};
        wide_fill(&at, cap, 2, &seed);
        CHECK(wide_run(&at, cap - n, n) == wide_reference(&at, cap - n, n),
              "u%zu ends at guard page, n %zu", 8 * width, n);
        CHECK(wide_run(&at, 0, n) == wide_reference(&at, 0, n),
              "u%zu starts after guard page, n %zu", 8 * width, n);
    }
    guarded_free(&g);
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
    return count_utf8(s, len);
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

static void test_utf8_examples(void) {
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

static void test_utf8(void) {
    enum { MAX_LEN = 300, MAX_ALIGN = 64 };
    /* aligned_alloc needs a multiple of the alignment */
    uint8_t *buf = (uint8_t *)aligned_alloc(64, (MAX_LEN + MAX_ALIGN + 64 + 63) / 64 * 64);
    uint64_t seed = 8;
    test_utf8_examples();
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
    free(buf);

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
    if (guarded_alloc(&g, 2) != 0) {
        CHECK(0, "cannot map guard pages");
        return;
    }
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
    size_t want = utf16_reference(s, n), got = count_utf16(s, n);
    CHECK(got == want, "utf16 %s (%zu, %zu) n %zu: got %zu want %zu", what, a, b, n,
          got, want);
}

static void test_utf16(void) {
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
        CHECK(count_utf16(cases[c].text, cases[c].n) == cases[c].doubles,
              "utf16 example %zu", c);
    }
    enum { MAX_N = 300, MAX_SHIFT = 40 };
    uint16_t *buf = (uint16_t *)aligned_alloc(64, ((MAX_N + MAX_SHIFT) * 2 + 64 + 63) / 64 * 64);
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
    free(buf);
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
    if (guarded_alloc(&g, 2) != 0) {
        CHECK(0, "cannot map guard pages");
        return;
    }
    uint16_t *base = (uint16_t *)(void *)g.base;
    size_t cap = g.size / 2;
    for (size_t n = 0; n <= 300; n++) {
        utf16_fill(base, cap, UTF16_PIECES, &seed);
        check_utf16(base + cap - n, n, "ends at guard page", n, 0);
        check_utf16(base, n, "starts after guard page", n, 0);
    }
    guarded_free(&g);
}

/* Streams and the oracle run through the library's dispatch, so a SIMDe
 * build (test_modes_simde.c) leaves them out. */
#ifndef TEST_MODES_NO_MAIN

/* --- streaming ---------------------------------------------------------- */

static size_t one_call(enum adjeq_mode mode, const uint8_t *p, size_t len) {
    switch (mode) {
    case ADJEQ_MODE_BYTES:
        return adjeq_count(p, len);
    case ADJEQ_MODE_U16:
        return adjeq_count_u16((const uint16_t *)(const void *)p, len / 2);
    case ADJEQ_MODE_U32:
        return adjeq_count_u32((const uint32_t *)(const void *)p, len / 4);
    case ADJEQ_MODE_UTF8:
        return adjeq_count_utf8((const char *)p, len);
    case ADJEQ_MODE_UTF16:
        return adjeq_count_utf16((const uint16_t *)(const void *)p, len / 2);
    }
    return 0;
}

static const char *const mode_names[] = {"bytes", "u16", "u32", "utf8", "utf16"};

/* Input p[0 .. len) in chunks at the given cut points (ascending, may
 * repeat: empty chunks); checks the running result after every chunk. */
static uint64_t streamed(enum adjeq_mode mode, const uint8_t *p, size_t len,
                         const size_t *cuts, size_t ncuts) {
    struct adjeq_stream st;
    CHECK(adjeq_stream_init(&st, mode) == 0, "init");
    size_t at = 0;
    for (size_t c = 0; c <= ncuts; c++) {
        size_t to = c < ncuts ? cuts[c] : len;
        adjeq_stream_update(&st, p + at, to - at);
        at = to;
        /* As if the input ended here (a split element is no element). */
        CHECK(adjeq_stream_result(&st) == one_call(mode, p, at),
              "%s running result after %zu bytes", mode_names[mode], at);
    }
    return adjeq_stream_result(&st);
}

static void test_stream_input(enum adjeq_mode mode, const uint8_t *p, size_t len,
                              uint64_t *seed) {
    size_t want = one_call(mode, p, len);
    /* Two chunks, split at every position. */
    for (size_t cut = 0; cut <= len; cut++)
        CHECK(streamed(mode, p, len, &cut, 1) == want, "%s len %zu split at %zu",
              mode_names[mode], len, cut);
    /* Many small chunks, some empty; and byte by byte. */
    size_t cuts[512], ncuts = 0, at = 0;
    while (ncuts < 512) {
        at += test_rand(seed) % 6;
        if (at > len)
            break;
        cuts[ncuts++] = at;
    }
    CHECK(streamed(mode, p, len, cuts, ncuts) == want, "%s len %zu random chunks",
          mode_names[mode], len);
    for (size_t i = 0; i < len && i < 512; i++)
        cuts[i] = i;
    if (len <= 512)
        CHECK(streamed(mode, p, len, cuts, len) == want, "%s len %zu byte by byte",
              mode_names[mode], len);
}

static void test_stream(void) {
    adjeq_set_kernel(kernel); /* streams run on the active kernel */
    struct adjeq_stream st, before;
    memset(&st, 0x5a, sizeof st);
    before = st;
    CHECK(adjeq_stream_init(&st, (enum adjeq_mode)5) == ADJEQ_ERR_INVALID_MODE &&
              adjeq_stream_init(&st, (enum adjeq_mode)-1) == ADJEQ_ERR_INVALID_MODE,
          "bad mode rejected");
    CHECK(memcmp(&st, &before, sizeof st) == 0, "a rejected init leaves the stream as it was");
    CHECK(adjeq_stream_init(&st, ADJEQ_MODE_UTF8) == 0 && adjeq_stream_result(&st) == 0,
          "empty stream");
    adjeq_stream_update(&st, NULL, 0);
    CHECK(adjeq_stream_result(&st) == 0, "NULL, 0");

    enum { LEN = 400 };
    /* malloc: suitably aligned for every unit, and of no declared type. */
    uint8_t *buf = (uint8_t *)malloc(LEN);
    uint64_t seed = 11;
    for (size_t trial = 0; trial < 8; trial++) {
        size_t len = trial < 4 ? 20 * trial + 3 : LEN - trial;
        test_fill(buf, len, trial % 2 ? 2 : 4, &seed);
        test_stream_input(ADJEQ_MODE_BYTES, buf, len, &seed);
        for (size_t i = 0; i < len; i++) /* equal or unequal in one byte */
            buf[i] = (uint8_t)(test_rand(&seed) % 5 == 0);
        test_stream_input(ADJEQ_MODE_U16, buf, len - len % 2, &seed);
        test_stream_input(ADJEQ_MODE_U32, buf, len - len % 4, &seed);
        for (size_t i = 0; i < len; i += 4) /* runs of equal 32-bit units */
            memcpy(buf + i, i % 16 ? (const void *)(buf + i - 4) : (const void *)"\x01\x02\x03\x04",
                   len - i < 4 ? len - i : 4);
        test_stream_input(ADJEQ_MODE_U16, buf, len - len % 2, &seed);
        test_stream_input(ADJEQ_MODE_U32, buf, len - len % 4, &seed);
        if (trial % 2)
            utf8_fill(buf, len, trial < 4 ? 12 : UTF8_PIECES, &seed);
        else
            utf8_fill_bytes(buf, len, &seed);
        test_stream_input(ADJEQ_MODE_UTF8, buf, len, &seed);
        utf16_fill((uint16_t *)(void *)buf, len / 2, trial < 4 ? 8 : UTF16_PIECES, &seed);
        test_stream_input(ADJEQ_MODE_UTF16, buf, len - len % 2, &seed);
    }
    free(buf);
    /* Big chunks through the SIMD paths, split inside characters. */
    size_t big_len = 100000;
    uint8_t *big = (uint8_t *)malloc(big_len);
    utf8_fill(big, big_len, UTF8_PIECES, &seed);
    for (size_t cut = 50000; cut < 50008; cut++)
        CHECK(streamed(ADJEQ_MODE_UTF8, big, big_len, &cut, 1) ==
                  utf8_reference(big, big_len), "utf8 big split at %zu", cut);
    utf16_fill((uint16_t *)(void *)big, big_len / 2, UTF16_PIECES, &seed);
    for (size_t cut = 50000; cut < 50008; cut++)
        CHECK(streamed(ADJEQ_MODE_UTF16, big, big_len, &cut, 1) ==
                  utf16_reference((const uint16_t *)(const void *)big, big_len / 2),
              "utf16 big split at %zu", cut);
    for (size_t cut = 50000; cut < 50008; cut++)
        CHECK(streamed(ADJEQ_MODE_U32, big, big_len, &cut, 1) ==
                  one_call(ADJEQ_MODE_U32, big, big_len), "u32 big split at %zu", cut);
    free(big);
}

/* For python_oracle.py: one input per line in hex; prints each count. */
static void run_oracle_inputs(int utf16) {
    static char line[4096];
    static union {
        uint8_t bytes[sizeof line / 2];
        uint16_t units[sizeof line / 4];
    } in;
    while (fgets(line, sizeof line, stdin)) {
        size_t n = 0;
        unsigned v;
        while (n < sizeof in.bytes && sscanf(line + 2 * n, "%2x", &v) == 1)
            in.bytes[n++] = (uint8_t)v;
        printf("%zu\n", utf16 ? count_utf16(in.units, n / 2) : utf8_run(in.bytes, n));
    }
}

/* The entry points' contract, whatever the kernel: nothing read for n < 2
 * (NULL allowed for 0), ADJEQ_COUNT_ERROR for a kernel out of range. */
static void test_entry_points(void) {
    const enum adjeq_kernel bogus = (enum adjeq_kernel)adjeq_kernel_count();
    uint16_t two16[2] = {1, 1};
    uint32_t two32[2] = {1, 1};
    CHECK(adjeq_count_u16(NULL, 0) == 0 && adjeq_count_u16(two16, 1) == 0, "u16 n < 2");
    CHECK(adjeq_count_u32(NULL, 0) == 0 && adjeq_count_u32(two32, 1) == 0, "u32 n < 2");
    CHECK(adjeq_count_utf8(NULL, 0) == 0 && adjeq_count_utf8("aa", 1) == 0, "utf8 len < 2");
    CHECK(adjeq_count_utf16(NULL, 0) == 0 && adjeq_count_utf16(two16, 1) == 0, "utf16 n < 2");
    CHECK(adjeq_count_u16(two16, 2) == 1 && adjeq_count_u32(two32, 2) == 1 &&
              adjeq_count_utf8("aa", 2) == 1 && adjeq_count_utf16(two16, 2) == 1,
          "dispatched modes");
    CHECK(adjeq_count_u16_with(bogus, two16, 2) == ADJEQ_COUNT_ERROR, "u16 bad kernel");
    CHECK(adjeq_count_u32_with(bogus, two32, 2) == ADJEQ_COUNT_ERROR, "u32 bad kernel");
    CHECK(adjeq_count_utf8_with(bogus, "aa", 2) == ADJEQ_COUNT_ERROR, "utf8 bad kernel");
    CHECK(adjeq_count_utf16_with(bogus, two16, 2) == ADJEQ_COUNT_ERROR, "utf16 bad kernel");
}

int main(int argc, char **argv) {
    if (argc != 3 || adjeq_kernel_from_name(argv[2], &kernel) != 0) {
        fprintf(stderr, "usage: %s u16|u32|utf8|utf16|stream KERNEL_NAME\n", argv[0]);
        return 2;
    }
    if (!adjeq_kernel_supported(kernel)) {
        printf("kernel %s: not supported on this CPU/OS, skipped\n", argv[2]);
        return TEST_SKIPPED;
    }
    test_entry_points();
    const char *mode = argv[1];
    if (strcmp(mode, "u16") == 0)
        test_wide(2);
    else if (strcmp(mode, "u32") == 0)
        test_wide(4);
    else if (strcmp(mode, "utf8") == 0)
        test_utf8();
    else if (strcmp(mode, "utf16") == 0)
        test_utf16();
    else if (strcmp(mode, "stream") == 0)
        test_stream();
    else if (strcmp(mode, "oracle") == 0 || strcmp(mode, "oracle16") == 0) {
        run_oracle_inputs(strcmp(mode, "oracle16") == 0);
        return 0;
    }
    else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    printf("mode %s, kernel %s: %s (%d failures)\n", mode, argv[2],
           test_failures ? "FAILED" : "ok", test_failures);
    return test_failures ? 1 : 0;
}
#endif
