/*
 * Template part: the byte count (see template.h for the shim it uses).
 *
 * Head: one unaligned block counting only the pairs before the first
 * VEC_BYTES-aligned offset, so the main loop's plain loads never split a
 * cache line. Main loop: four blocks a step, each compared with its +1
 * vector (vec_next_even / vec_next_odd, or a load), the four compares
 * summed and subtracted from one byte-lane accumulator, flushed with
 * vec_sum_u8 before any lane can wrap.
 * Tail: the last full block overlaps counted pairs; only lanes at or after
 * the first uncounted pair count.
 */
#ifndef ADJEQ_TPL_BYTES_H
#define ADJEQ_TPL_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "compiler.h"
#include "tpl_lanes.h"
#include "tpl_prefetch.h"

/* 0xff in lane j iff data[j] == data[j + 1]; reads data[0 .. VEC_BYTES]. */
static inline vec_t tpl_pair_equal(const uint8_t *data) {
    return vec_eq8(vec_loadu(data), vec_loadu(data + 1));
}

/* The same for an aligned block. */
static inline vec_t tpl_block_pairs(const uint8_t *block) {
    return vec_eq8(vec_load(block), vec_loadu(block + 1));
}

/*
 * The byte count, or with stop_ascii (a constant in each caller) the count
 * over the ASCII bytes at the start, for UTF-8's ASCII stretches: every block
 * whose pairs it counts is tested for bytes 80..FF first (one OR per block,
 * one branch per step), and at the first block that holds one it stops.
 * Then *ascii_end is that block's start, or len; the pairs counted are
 * those whose first byte lies before it, every one of those bytes ASCII (a
 * last byte, which starts no pair, is not tested). Returns 0 with
 * *ascii_end 0 for a buffer of fewer than 4 blocks or one whose first
 * block is not ASCII. Buffers of TPL_PREFETCH_MIN bytes or more take a
 * copy of the loop that prefetches (tpl_prefetch.h), decided after the
 * short cases so that they pay no test for it; with stop_ascii only for
 * vectors of 32 bytes or more: the 16-byte loop, testing every step for
 * bytes 80..FF, stays below what L2 feeds it, and the prefetch cost it
 * (SSE2 on the Xeon: 0.95-0.97x from L2, where AVX2 ran 1.17-1.23x faster).
 */
static ADJEQ_ALWAYS_INLINE size_t tpl_bytes_loop(const uint8_t *data, size_t len,
                                                 int stop_ascii, int prefetch,
                                                 size_t *ascii_end);

/* The prefetching copies, out of line: inlined, their registers made the
 * caller save five more on entry, which the short cases paid (a 64-byte
 * count on AVX2: 0.88x). */
static ADJEQ_NOINLINE size_t tpl_bytes_prefetching(const uint8_t *data, size_t len,
                                                   int stop_ascii, size_t *ascii_end) {
    if (stop_ascii)
        return tpl_bytes_loop(data, len, 1, 1, ascii_end);
    return tpl_bytes_loop(data, len, 0, 1, NULL);
}

static ADJEQ_ALWAYS_INLINE size_t tpl_bytes_body(const uint8_t *data, size_t len,
                                                 int stop_ascii, size_t *ascii_end) {
    if (stop_ascii && len < 4 * VEC_BYTES) {
        *ascii_end = 0;
        return 0;
    }
    if (!stop_ascii && len < VEC_BYTES + 1)
        return vec_count_short(data, len);
    if (!stop_ascii && len <= 2 * VEC_BYTES + 1) {
        /* Up to 2 * VEC_BYTES pairs: two overlapping unaligned blocks, the
         * second's lanes below the overlap dropped, one sum. No head to the
         * alignment boundary, whose branches a mix of short lengths and
         * offsets mispredicts (a million strings of 5-50 bytes through
         * count_doubles_many, avx2 on Zen 5: python/README.md). */
        size_t pairs = len - 1;
        return tpl_count_two(tpl_pair_equal(data), tpl_pair_equal(data + pairs - VEC_BYTES),
                             2 * VEC_BYTES - pairs);
    }
    if (len >= TPL_PREFETCH_MIN && (!stop_ascii || VEC_BYTES >= 32))
        return tpl_bytes_prefetching(data, len, stop_ascii, ascii_end);
    return tpl_bytes_loop(data, len, stop_ascii, 0, ascii_end);
}

/* From the head on: more than 2 * VEC_BYTES + 1 bytes (4 * VEC_BYTES with
 * stop_ascii). */
static ADJEQ_ALWAYS_INLINE size_t tpl_bytes_loop(const uint8_t *data, size_t len,
                                                 int stop_ascii, int prefetch,
                                                 size_t *ascii_end) {
    const uint8_t *prefetch_end = prefetch ? data + tpl_prefetch_end(len, 4 * VEC_BYTES) : data;
    size_t i = VEC_BYTES - ((uintptr_t)data & (VEC_BYTES - 1));
    vec_t head = vec_loadu(data);
    if (stop_ascii && vec_any_high(head)) {
        *ascii_end = 0;
        return 0;
    }
    size_t count = vec_sum_u8(vec_sub8(vec_zero(), vec_and(vec_eq8(head, vec_loadu(data + 1)),
                                                           tpl_lanes_below(i))));

    while (i + VEC_BYTES + 1 <= len) {
        /* Each lane gains at most 1 per block: 252 blocks keep the
         * accumulator below 256. */
        size_t blocks = (len - i - 1) / VEC_BYTES;
        if (blocks > 252)
            blocks = 252;
        vec_t acc = vec_zero();
        /* cur is block i, carried from step to step; a step also loads
         * block i + 4 whole, so the steps stop one block before the end.
         * Counted up front: one induction variable in the loop. */
        size_t steps = blocks / 4, whole = (len - i) / VEC_BYTES;
        if (4 * steps + 1 > whole)
            steps = (whole - 1) / 4;
        vec_t cur = vec_load(data + i);
        const uint8_t *p = data + i, *end = p + 4 * VEC_BYTES * steps;
        for (; p != end; p += 4 * VEC_BYTES) {
            if (prefetch && p < prefetch_end)
                tpl_prefetch(p, 4 * VEC_BYTES);
#ifdef VEC_NEXT_LOADS
            /* Shims whose +1 bytes are loads compare each block straight
             * from memory: SSE2's two-operand compare then takes the aligned
             * block as its memory operand, where the block carried from step
             * to step cost a load and a register copy of its own (4 KiB on
             * the Xeon of docs/benchmarks.md: 59 against 54 GB/s). */
            if (!stop_ascii) {
                acc = vec_sub8(acc, vec_add8(vec_add8(tpl_block_pairs(p),
                                                      tpl_block_pairs(p + VEC_BYTES)),
                                             vec_add8(tpl_block_pairs(p + 2 * VEC_BYTES),
                                                      tpl_block_pairs(p + 3 * VEC_BYTES))));
                continue;
            }
#endif
            vec_t n1 = vec_load(p + VEC_BYTES);
            vec_t n2 = vec_load(p + 2 * VEC_BYTES);
            vec_t n3 = vec_load(p + 3 * VEC_BYTES);
            vec_t n4 = vec_load(p + 4 * VEC_BYTES);
            VEC_PIN(n1);
            VEC_PIN(n2);
            VEC_PIN(n3);
            VEC_PIN(n4);
            /* The step's own blocks; n4 is the next step's. */
            if (stop_ascii && vec_any_high(vec_or(vec_or(cur, n1), vec_or(n2, n3))))
                break;
            /* One accumulator and a tree of sums: with one per pair of
             * blocks, GCC 12 copied both accumulators to new registers in
             * every step (24 instructions a step against 22; on Zen 3 the
             * prefetching loop at 64 KiB ran 1.2x faster without them). */
            acc = vec_sub8(acc, vec_add8(vec_add8(vec_eq8(cur, vec_next_even(cur, n1, p + 1)),
                                                  vec_eq8(n1, vec_next_odd(n1, n2, p + VEC_BYTES + 1))),
                                         vec_add8(vec_eq8(n2, vec_next_even(n2, n3,
                                                                            p + 2 * VEC_BYTES + 1)),
                                                  vec_eq8(n3, vec_next_odd(n3, n4,
                                                                           p + 3 * VEC_BYTES + 1)))));
            cur = n4;
        }
        size_t b = (size_t)(p - (data + i)) / VEC_BYTES;
        i = (size_t)(p - data);
        for (; b < blocks; b++, i += VEC_BYTES) {
            if (stop_ascii && vec_any_high(vec_load(data + i)))
                break;
            acc = vec_sub8(acc, tpl_pair_equal(data + i));
        }
        count += vec_sum_u8(acc);
        if (stop_ascii && b < blocks) {
            *ascii_end = i;
            return count;
        }
    }

    size_t left = len - 1 - i; /* pairs still to count, < VEC_BYTES */
    if (left) {
        vec_t last = vec_loadu(data + len - 1 - VEC_BYTES);
        if (stop_ascii && vec_any_high(last)) {
            *ascii_end = i;
            return count;
        }
        count += tpl_count_from(vec_eq8(last, vec_loadu(data + len - VEC_BYTES)),
                                VEC_BYTES - left);
    }
    if (stop_ascii)
        *ascii_end = len;
    return count;
}

static size_t tpl_count_u8(const void *bytes, size_t len) {
    return tpl_bytes_body((const uint8_t *)bytes, len, 0, NULL);
}

#endif /* ADJEQ_TPL_BYTES_H */
