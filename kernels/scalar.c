/* Portable kernel: 64-bit SWAR, 8 pairs per step, no ISA assumptions. */
#include "kernels.h"

#define SWAR_LOW7 UINT64_C(0x7f7f7f7f7f7f7f7f)
#define SWAR_ONES UINT64_C(0x0101010101010101)
#define SWAR_PAIRS UINT64_C(0x00ff00ff00ff00ff)

/* Sum of the 8 byte lanes (each <= 255, so the 16-bit partial sums cannot
 * carry into each other and the total fits in 16 bits). */
static uint64_t swar_sum_bytes(uint64_t lanes) {
    uint64_t pairs = (lanes & SWAR_PAIRS) + ((lanes >> 8) & SWAR_PAIRS);
    return (pairs * UINT64_C(0x0001000100010001)) >> 48;
}

size_t adjeq_count_scalar(const uint8_t *data, size_t len) {
    size_t count = 0, i = 0;
    while (i + 9 <= len) {
        /* Byte lanes gain at most 1 per step: flush before 255 steps. */
        size_t steps = (len - i - 1) / 8;
        if (steps > 255)
            steps = 255;
        uint64_t lanes = 0;
        for (size_t s = 0; s < steps; s++, i += 8) {
            uint64_t diff = adjeq_load64(data + i) ^ adjeq_load64(data + i + 1);
            /* High bit of each lane set iff the lane is non-zero; exact,
             * unlike the classic has-zero test, because the add never
             * carries out of a lane. */
            uint64_t nonzero = ((diff & SWAR_LOW7) + SWAR_LOW7) | diff;
            lanes += (~nonzero >> 7) & SWAR_ONES;
        }
        count += (size_t)swar_sum_bytes(lanes);
    }
    return count + adjeq_count_tail(data + i, len - i);
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
