/* Portable kernel: 64-bit SWAR bytes, plain loops for the other modes, and
 * the reference decoders the SIMD kernels' mask formulations are tested
 * against. No ISA assumptions. */
#include "ops.h"
#include "portable.h"
#include "utf8_decode.h"

static size_t scalar_u8(const void *data, size_t len) {
    return adjeq_count_swar((const uint8_t *)data, len);
}

static size_t scalar_u16(const void *data, size_t n) {
    return adjeq_count_wide_portable(data, n, 2, 0);
}

static size_t scalar_u32(const void *data, size_t n) {
    return adjeq_count_wide_portable(data, n, 4, 0);
}

static size_t scalar_u64(const void *data, size_t n) {
    return adjeq_count_wide_portable(data, n, 8, 0);
}

static size_t scalar_f32(const void *data, size_t n) {
    return adjeq_count_wide_portable(data, n, 4, 1);
}

static size_t scalar_f64(const void *data, size_t n) {
    return adjeq_count_wide_portable(data, n, 8, 1);
}

/* UTF-8: decode unit by unit, as a chars() loop does. */
static size_t scalar_utf8(const void *text, size_t len) {
    const uint8_t *s = (const uint8_t *)text;
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
static size_t scalar_utf16(const void *text, size_t n) {
    const uint8_t *s = (const uint8_t *)text;
    size_t count = 0, i = 0;
    uint32_t prev = UINT32_MAX; /* no code point or element has this value */
    while (i < n) {
        uint32_t unit = adjeq_load16(s + 2 * i++);
        uint16_t next = i < n ? adjeq_load16(s + 2 * i) : 0;
        if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            unit = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00u);
            i++;
        }
        count += unit == prev;
        prev = unit;
    }
    return count;
}

ADJEQ_KERNEL_OPS(scalar) = {
    .count_u8 = scalar_u8,
    .count_u16 = scalar_u16,
    .count_u32 = scalar_u32,
    .count_u64 = scalar_u64,
    .count_f32 = scalar_f32,
    .count_f64 = scalar_f64,
    .count_utf8 = scalar_utf8,
    .count_utf16 = scalar_utf16,
};
