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

/* 16-entry tables of the byte pairs (prev, cur) that are never in
 * well-formed text, for vector-decided windows: prev's entry by its high
 * nibble, ANDed with its entry by its low nibble and cur's by its high
 * nibble. Bit 0: a lead before a non-continuation byte; bit 1: ASCII before
 * a continuation byte; bit 2: C0 or C1 before a continuation byte; bit 3:
 * F4..FF before 90..BF (above U+10FFFF); bit 4: ED before A0..BF (a
 * surrogate); bit 5: E0 before 80..9F; bit 6: F0 before 80..8F, or F5..FF
 * before 80..8F; bit 7: a continuation byte before a continuation byte,
 * which is well-formed exactly where a lead 2 or 3 bytes before cur needs
 * it (E0..FF two bytes back, F0..FF three), so bit 7 is XORed with that
 * test. A lead whose character is cut short is bit 0 at its last byte, a
 * continuation byte too many bit 1 or bit 7: with the prefix well-formed,
 * the XOR is zero at every cur exactly when the bytes up to cur are. */
static const uint8_t utf8_pair_by_prev_high[16] = {0x02, 0x02, 0x02, 0x02, 0x02, 0x02,
                                                   0x02, 0x02, 0x80, 0x80, 0x80, 0x80,
                                                   0x05, 0x01, 0x31, 0x49};
static const uint8_t utf8_pair_by_prev_low[16] = {0xe7, 0x87, 0x83, 0x83, 0x8b, 0xcb,
                                                  0xcb, 0xcb, 0xcb, 0xcb, 0xcb, 0xcb,
                                                  0xcb, 0xdb, 0xcb, 0xcb};
static const uint8_t utf8_pair_by_cur_high[16] = {0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
                                                  0x01, 0x01, 0xe6, 0xae, 0x9e, 0x9e,
                                                  0x01, 0x01, 0x01, 0x01};

#endif /* ADJEQ_UTF8_ODD_H */
