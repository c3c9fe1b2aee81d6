/* The comparator for UTF-8 mode: the article's Rust chars() version written
 * in C. Like Rust's &str it trusts its input to be valid UTF-8, decodes one
 * code point at a time and compares it with the previous one. Benchmark code
 * only. */
#include "bench.h"

size_t adjeq_bench_chars_loop(const uint8_t *s, size_t len) {
    size_t count = 0, i = 0;
    uint32_t prev = UINT32_MAX; /* no code point */
    while (i < len) {
        uint32_t c = s[i];
        if (c < 0x80) {
            i += 1;
        } else if (c < 0xe0) {
            c = (c & 0x1f) << 6 | (s[i + 1] & 0x3f);
            i += 2;
        } else if (c < 0xf0) {
            c = (c & 0x0f) << 12 | (uint32_t)(s[i + 1] & 0x3f) << 6 | (s[i + 2] & 0x3f);
            i += 3;
        } else {
            c = (c & 0x07) << 18 | (uint32_t)(s[i + 1] & 0x3f) << 12 |
                (uint32_t)(s[i + 2] & 0x3f) << 6 | (s[i + 3] & 0x3f);
            i += 4;
        }
        count += c == prev;
        prev = c;
    }
    return count;
}
