/*
 * Internal: lookup tables for the UTF-8 kernels with a 16-entry byte table
 * lookup (vpshufb): avx2.c and avx512.h.
 */
#ifndef ADJEQ_UTF8_ODD_H
#define ADJEQ_UTF8_ODD_H

#include <stdint.h>

/* 16-entry vpshufb-style tables flagging the bytes that make a lead's class
 * by its first byte alone wrong. A byte's entry by its high nibble, ANDed
 * with its entry by its low nibble and the next byte's by its high nibble,
 * is nonzero exactly where: bit 0, E0 then 80..9F (overlong); bit 1, ED
 * then A0..BF (a surrogate); bit 2, F0 then 80..8F (overlong); bit 3, F4
 * then 90..BF (above U+10FFFF); bit 4, C0 or C1; bit 5, F5..FF. Kernels
 * with a table lookup judge windows without these bytes (nearly all of
 * real text) from the thresholds C0, E0 and F0 alone. */
static const uint8_t utf8_odd_by_high[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                             0, 0, 0, 0, 0x10, 0, 0x03, 0x2c};
static const uint8_t utf8_odd_by_low[16] = {0x15, 0x10, 0,    0,    0x08, 0x20, 0x20, 0x20,
                                            0x20, 0x20, 0x20, 0x20, 0x20, 0x22, 0x20, 0x20};
static const uint8_t utf8_odd_by_next_high[16] = {0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
                                                  0x30, 0x30, 0x35, 0x39, 0x3a, 0x3a,
                                                  0x30, 0x30, 0x30, 0x30};

#endif /* ADJEQ_UTF8_ODD_H */
