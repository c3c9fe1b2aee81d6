/* The dispatched count of one stream mode (enum adjeq_mode) over len bytes:
 * whole elements only, as a stream or a batch item counts them. Shared by
 * the stream and batch tests, which compare against it. */
#ifndef ADJEQ_MODE_CALL_H
#define ADJEQ_MODE_CALL_H

#include <stddef.h>
#include <stdint.h>

#include "adjeq.h"

static inline size_t test_one_call(enum adjeq_mode mode, const uint8_t *p, size_t len) {
    switch (mode) {
    case ADJEQ_MODE_BYTES:
        return adjeq_count(p, len);
    case ADJEQ_MODE_U16:
        return adjeq_count_u16(p, len / 2);
    case ADJEQ_MODE_U32:
        return adjeq_count_u32(p, len / 4);
    case ADJEQ_MODE_UTF8:
        return adjeq_count_utf8((const char *)p, len);
    case ADJEQ_MODE_UTF16:
        return adjeq_count_utf16(p, len / 2);
    }
    return 0;
}

#endif
