/* Template part: lane selection masks for heads and tails (see template.h). */
#ifndef ADJEQ_TPL_LANES_H
#define ADJEQ_TPL_LANES_H

#include <stdint.h>

/* 64 x 0xff then 64 x 0: vec_loadu(at 64 - k) has 0xff in its first k
 * lanes, for any k <= VEC_BYTES <= 64. */
static const uint8_t tpl_lane_window[128] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* Inputs this long or longer get a head in front of the wide loop that
 * keeps its loads inside 64-byte lines (VEC_WIDE_EVEN_LOADS): 64 blocks or
 * more, so its one or two blocks cost under 3%, where the split loads cost
 * 5-8% at 4 KiB (AVX2 u16 on Zen 3, 8 and 32 bytes past a line: 1.05-1.08x
 * with the head). */
#define TPL_LINE_ALIGN_MIN 2048

/* 0xff in the first k byte lanes, 0 in the rest. */
static inline vec_t tpl_lanes_below(size_t k) {
    return vec_loadu(tpl_lane_window + 64 - k);
}

/* Number of all-ones lanes of eq (per byte: each element's bytes all count)
 * that lie at or after byte lane `from`. */
static inline size_t tpl_count_from(vec_t eq, size_t from) {
    return vec_sum_u8(vec_sub8(vec_zero(), vec_andnot(tpl_lanes_below(from), eq)));
}

/* All-ones lanes of first plus those of second at or after lane `from`: the
 * count of up to 2 * VEC_BYTES lanes as two overlapping blocks, whose lanes
 * below `from` in second the first already holds. */
static inline size_t tpl_count_two(vec_t first, vec_t second, size_t from) {
    return vec_sum_u8(
        vec_sub8(vec_sub8(vec_zero(), first), vec_andnot(tpl_lanes_below(from), second)));
}

#endif /* ADJEQ_TPL_LANES_H */
