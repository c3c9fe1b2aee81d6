/* Portable kernel: 64-bit SWAR, 8 pairs per step, no ISA assumptions. */
#include "kernels.h"

size_t adjeq_count_scalar(const uint8_t *data, size_t len) {
    return adjeq_count_swar(data, len);
}

/* Elements through memcpy: callers' buffers (Python's, a stream's) may be
 * misaligned for their element type; this compiles to plain loads wherever
 * the CPU allows unaligned ones. */
static uint16_t load16(const uint16_t *p) {
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint32_t load32(const uint32_t *p) {
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Wider units: a plain loop (compilers vectorise it where the baseline ISA
 * allows; the SIMD kernels do better by hand). count is a size_t and gains
 * at most 1 per pair (n - 1 < SIZE_MAX), so counts above 2^32 are exact. */
size_t adjeq_count_u16_scalar(const uint16_t *data, size_t n) {
    size_t count = 0;
    for (size_t i = 0; i + 1 < n; i++)
        count += load16(data + i) == load16(data + i + 1);
    return count;
}

size_t adjeq_count_u32_scalar(const uint32_t *data, size_t n) {
    size_t count = 0;
    for (size_t i = 0; i + 1 < n; i++)
        count += load32(data + i) == load32(data + i + 1);
    return count;
}

/* UTF-8: decode unit by unit, as a chars() loop does; the reference the SIMD
 * kernels' mask formulation is tested against. */
size_t adjeq_count_utf8_scalar(const uint8_t *s, size_t len) {
    size_t count = 0, i = 0, prev = 0, prev_len = 0;
    while (i < len) {
        size_t n = adjeq_utf8_unit_length(s + i, len - i);
        if (n == prev_len) {
            size_t k = 0;
            while (k < n && s[prev + k] == s[i + k])
                k++;
            count += k == n;
        }
        prev = i;
        prev_len = n;
        i += n;
    }
    return count;
}

/* UTF-16: a high surrogate and the low one after it are one code point;
 * every other element (a lone surrogate too) is its own unit. */
size_t adjeq_count_utf16_scalar(const uint16_t *s, size_t n) {
    size_t count = 0, i = 0;
    uint32_t prev = UINT32_MAX; /* no code point or element has this value */
    while (i < n) {
        uint32_t unit = load16(s + i++);
        uint16_t next = i < n ? load16(s + i) : 0;
        if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            unit = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00u);
            i++;
        }
        count += unit == prev;
        prev = unit;
    }
    return count;
}

const struct adjeq_kernel_ops adjeq_ops_scalar = {
    .count_u8 = adjeq_count_scalar,
    .count_u16 = adjeq_count_u16_scalar,
    .count_u32 = adjeq_count_u32_scalar,
    .count_utf8 = adjeq_count_utf8_scalar,
    .count_utf16 = adjeq_count_utf16_scalar,
};
