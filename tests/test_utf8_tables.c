/*
 * The UTF-8 lookup tables (kernels/utf8_odd.h) against the scalar decoder
 * (kernels/utf8_decode.h): the pair tables, with the test for the leads two
 * and three bytes back, must call a byte sequence well-formed exactly when
 * the decoder does. Every sequence of 1 to 3 bytes, every sequence of 4 from
 * bytes at each class boundary, and random longer ones from those bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "test_util.h"
#include "utf8_decode.h"
#include "utf8_odd.h"

static int decoder_valid(const uint8_t *s, size_t n) {
    for (size_t i = 0; i < n;) {
        size_t len = adjeq_utf8_char_length(s + i, n - i, NULL);
        if (!len)
            return 0;
        i += len;
    }
    return 1;
}

/* The vector windows' test, byte by byte: s between ASCII padding (3 bytes
 * before, as a well-formed prefix; 4 after, so a character cut short by the
 * end is seen). */
static int tables_valid(const uint8_t *s, size_t n) {
    uint8_t buf[32];
    size_t len = n + 7;
    for (size_t i = 0; i < len; i++)
        buf[i] = i >= 3 && i < n + 3 ? s[i - 3] : 'A';
    for (size_t i = 3; i < len; i++) {
        uint8_t prev = buf[i - 1], cur = buf[i];
        uint8_t classes = utf8_pair_by_prev_high[prev >> 4] & utf8_pair_by_prev_low[prev & 15] &
                          utf8_pair_by_cur_high[cur >> 4];
        uint8_t needed = buf[i - 2] >= 0xe0 || buf[i - 3] >= 0xf0 ? 0x80 : 0;
        if (classes ^ needed)
            return 0;
    }
    return 1;
}

static void check(const uint8_t *s, size_t n) {
    int want = decoder_valid(s, n), got = tables_valid(s, n);
    CHECK(want == got, "%zu bytes %02x %02x %02x %02x ...: decoder %d, tables %d", n, s[0],
          n > 1 ? s[1] : 0, n > 2 ? s[2] : 0, n > 3 ? s[3] : 0, want, got);
}

int main(void) {
    /* Each byte at a class or range boundary of Table 3-7. */
    static const uint8_t edges[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
                                    0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee,
                                    0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf7, 0xf8, 0xff};
    const size_t ne = sizeof edges;
    uint8_t s[16];
    for (unsigned a = 0; a < 256; a++) {
        s[0] = (uint8_t)a;
        check(s, 1);
        for (unsigned b = 0; b < 256; b++) {
            s[1] = (uint8_t)b;
            check(s, 2);
            for (unsigned c = 0; c < 256; c++) {
                s[2] = (uint8_t)c;
                check(s, 3);
            }
        }
    }
    for (size_t i = 0; i < ne * ne * ne * ne; i++) {
        size_t x = i;
        for (size_t k = 0; k < 4; k++, x /= ne)
            s[k] = edges[x % ne];
        check(s, 4);
    }
    uint64_t state = 1;
    for (int i = 0; i < 1000000; i++) {
        size_t n = 5 + (size_t)(test_rand(&state) % 8);
        for (size_t k = 0; k < n; k++)
            s[k] = edges[test_rand(&state) % ne];
        check(s, n);
    }
    printf("utf8 tables: %s (%d failures)\n", test_failures ? "FAILED" : "ok", test_failures);
    return test_failures ? 1 : 0;
}
