/*
 * Template part: the software prefetch of the template loops for bytes,
 * UTF-8 and UTF-16 (tpl_bytes.h, tpl_utf8.h, tpl_utf16.h). Each step
 * prefetches the lines TPL_PREFETCH bytes ahead of it, in buffers of
 * TPL_PREFETCH_MIN bytes or more, never past the end.
 *
 * On the Xeon of docs/benchmarks.md (family 6 model 167) the hardware's
 * prefetch alone fed the loops from L2 well below what they run at in L1:
 * with this, the byte count ran 1.24-1.40x faster from 64 KiB to 1 MiB (SSE2,
 * AVX2), UTF-16 1.2-1.4x, and vector-decided UTF-8 windows reached their L2
 * speed in a 16 MiB text (1.3-1.5x). 1 KiB and 4 KiB ahead measured the same
 * as 2 KiB. A buffer L1 holds gains nothing and pays the prefetches (a 4 KiB
 * byte count: 0.9x), hence the minimum. The byte and UTF-16 loops are
 * instantiated with and without it, so shorter buffers do not pay its test
 * either; UTF-8 windows, slower, prefetch whenever the line is in the text
 * (the same from 4 KiB to 1 MiB as with the minimum). The wide units' loops
 * do not prefetch: on the Xeon AVX2 gained nothing with it (its in-register
 * shifts bound it below the L2's speed) and SSE2 ran at 0.93-0.95x from L2;
 * on Zen 3 AVX2's, loading every other vector ahead, ran at 0.77-0.81x at
 * 64 KiB and 0.93-0.95x at 1 MiB with it (1.02-1.47x at 16 MiB).
 */
#ifndef ADJEQ_TPL_PREFETCH_H
#define ADJEQ_TPL_PREFETCH_H

#include <stddef.h>
#include <stdint.h>

#include "compiler.h"

#define TPL_PREFETCH 2048
#define TPL_PREFETCH_MIN (32 * 1024)

/* Steps starting before this point of a buffer of `bytes` bytes (at least
 * TPL_PREFETCH_MIN) that cover `step` bytes may prefetch: their lines
 * TPL_PREFETCH ahead lie inside the buffer. */
static inline size_t tpl_prefetch_end(size_t bytes, size_t step) {
    return bytes - TPL_PREFETCH - step + 1;
}

/* The lines of the `step` bytes TPL_PREFETCH ahead of p. */
static ADJEQ_ALWAYS_INLINE void tpl_prefetch(const uint8_t *p, size_t step) {
    for (size_t line = 0; line < step; line += 64)
        ADJEQ_PREFETCH(p + TPL_PREFETCH + line);
}

#endif /* ADJEQ_TPL_PREFETCH_H */
