/*
 * Streaming counts. Each chunk goes whole to the dispatched count function;
 * only the unit pairs that straddle chunk boundaries are handled here, from
 * the last complete unit and the bytes of a unit still incomplete.
 */
#include <string.h>

#include "adjeq.h"
#include "portable.h"
#include "utf8_decode.h"

/* Counts the pair (previous unit, unit) and makes unit the previous one. */
static void next_unit(struct adjeq_stream *st, const uint8_t *unit, size_t n) {
    if (st->last_len_ == n && memcmp(st->last_, unit, n) == 0)
        st->count_++;
    memcpy(st->last_, unit, n);
    st->last_len_ = (uint8_t)n;
}

int adjeq_stream_init(struct adjeq_stream *st, enum adjeq_mode mode) {
    if ((unsigned)mode > ADJEQ_MODE_UTF16)
        return ADJEQ_ERR_INVALID_MODE;
    memset(st, 0, sizeof *st);
    st->mode_ = (uint32_t)mode;
    return 0;
}

static void update_wide(struct adjeq_stream *st, const uint8_t *d, size_t len,
                        size_t width) {
    size_t i = 0;
    if (st->pending_state_) {
        size_t take = width - st->pending_state_;
        if (take > len)
            take = len;
        memcpy(st->pending_ + st->pending_state_, d, take);
        st->pending_state_ = (uint8_t)(st->pending_state_ + take);
        i = take;
        if (st->pending_state_ < width)
            return;
        next_unit(st, st->pending_, width);
        st->pending_state_ = 0;
    }
    /* Whole units, at whatever alignment an earlier odd-sized chunk left
     * them: the kernels take any. */
    size_t n = (len - i) / width;
    if (n) {
        const uint8_t *p = d + i;
        next_unit(st, p, width);
        st->count_ += width == 2 ? adjeq_count_u16(p, n) : adjeq_count_u32(p, n);
        memcpy(st->last_, p + (n - 1) * width, width);
    }
    i += n * width;
    memcpy(st->pending_, d + i, len - i);
    st->pending_state_ = (uint8_t)(len - i);
}

/* UTF-8: units as in adjeq_count_utf8. Only a proper prefix of a
 * well-formed character at the very end of a chunk can change with later
 * bytes; it is held back in pending_. Everything before it is final, since
 * the prefix starts with a lead byte, which always starts a unit. */
static void update_utf8(struct adjeq_stream *st, const uint8_t *d, size_t len) {
    size_t i = 0;
    /* First finish (or give up on) the character held from before. */
    while (st->pending_state_ && i < len) {
        uint8_t unit[4];
        size_t have = st->pending_state_, take = 4 - have;
        if (take > len - i)
            take = len - i;
        memcpy(unit, st->pending_, have);
        memcpy(unit + have, d + i, take);
        int truncated;
        size_t n = adjeq_utf8_char_length(unit, have + take, &truncated);
        if (truncated) { /* still a prefix: the chunk ends inside it */
            memcpy(st->pending_, unit, have + take);
            st->pending_state_ = (uint8_t)(have + take);
            return;
        }
        if (!n)
            n = 1; /* not a character: its first byte is a unit alone */
        next_unit(st, unit, n);
        if (n >= have) {
            i += n - have;
            st->pending_state_ = 0;
        } else { /* the held continuation bytes become units in turn */
            memmove(st->pending_, st->pending_ + n, have - n);
            st->pending_state_ = (uint8_t)(have - n);
        }
    }
    if (i == len)
        return;
    size_t end = len;
    for (size_t q = len - i > 3 ? len - 3 : i; q < len; q++) {
        int truncated;
        if (adjeq_utf8_char_length(d + q, len - q, &truncated) == 0 && truncated) {
            end = q;
            break;
        }
    }
    if (end > i) {
        const uint8_t *s = d + i;
        size_t m = end - i;
        next_unit(st, s, adjeq_utf8_unit_length(s, m));
        st->count_ += adjeq_count_utf8((const char *)s, m);
        /* The last unit: a character ending exactly at end (it starts with
         * a lead byte, so it is a unit), or else the last byte alone. */
        size_t last = m - 1;
        for (size_t k = 2; k <= 4 && k <= m; k++) {
            if (adjeq_utf8_char_length(s + m - k, k, NULL) == k) {
                last = m - k;
                break;
            }
        }
        memcpy(st->last_, s + last, m - last);
        st->last_len_ = (uint8_t)(m - last);
    }
    memcpy(st->pending_, d + end, len - end);
    st->pending_state_ = (uint8_t)(len - end);
}

/* UTF-16: pending_ holds a high surrogate whose partner may come next
 * (bytes 0-1, flag HELD_HIGH) and the first byte of a split element (byte
 * 2, flag HALF_ELEMENT). */
#define HELD_HIGH 2u
#define HALF_ELEMENT 1u

static int is_high(uint16_t e) { return (e & 0xfc00) == 0xd800; }
static int is_low(uint16_t e) { return (e & 0xfc00) == 0xdc00; }

/* m whole elements at e (any alignment). */
static void utf16_elements(struct adjeq_stream *st, const uint8_t *e, size_t m) {
    size_t i = 0;
    if (m && (st->pending_state_ & HELD_HIGH)) {
        uint8_t unit[4];
        memcpy(unit, st->pending_, 2);
        memcpy(unit + 2, e, 2);
        if (is_low(adjeq_load16(e))) {
            next_unit(st, unit, 4);
            i = 1;
        } else {
            next_unit(st, unit, 2); /* a lone high surrogate */
        }
        st->pending_state_ &= (uint8_t)~HELD_HIGH;
    }
    if (i == m)
        return;
    /* A high surrogate at the end waits for the next element. */
    size_t end = is_high(adjeq_load16(e + 2 * (m - 1))) ? m - 1 : m;
    if (end > i) {
        const uint8_t *r = e + 2 * i;
        size_t k = end - i;
        int starts_pair = k >= 2 && is_high(adjeq_load16(r)) && is_low(adjeq_load16(r + 2));
        next_unit(st, r, starts_pair ? 4 : 2);
        st->count_ += adjeq_count_utf16(r, k);
        /* The last unit: a pair ending at end, or the last element. */
        size_t last = k >= 2 && is_high(adjeq_load16(r + 2 * (k - 2))) &&
                              is_low(adjeq_load16(r + 2 * (k - 1)))
                          ? k - 2
                          : k - 1;
        memcpy(st->last_, r + 2 * last, (k - last) * 2);
        st->last_len_ = (uint8_t)((k - last) * 2);
    }
    if (end < m) {
        memcpy(st->pending_, e + 2 * end, 2);
        st->pending_state_ |= HELD_HIGH;
    }
}

static void update_utf16(struct adjeq_stream *st, const uint8_t *d, size_t len) {
    size_t i = 0;
    if (st->pending_state_ & HALF_ELEMENT) {
        uint8_t element[2] = {st->pending_[2], d[0]};
        st->pending_state_ &= (uint8_t)~HALF_ELEMENT;
        utf16_elements(st, element, 1);
        i = 1;
    }
    size_t m = (len - i) / 2;
    if (m)
        utf16_elements(st, d + i, m);
    i += m * 2;
    if (i < len) {
        st->pending_[2] = d[i];
        st->pending_state_ |= HALF_ELEMENT;
    }
}

void adjeq_stream_update(struct adjeq_stream *st, const void *data, size_t len) {
    const uint8_t *d = (const uint8_t *)data;
    if (len == 0)
        return;
    switch ((enum adjeq_mode)st->mode_) {
    case ADJEQ_MODE_BYTES:
        next_unit(st, d, 1);
        st->count_ += adjeq_count(d, len);
        st->last_[0] = d[len - 1];
        break;
    case ADJEQ_MODE_U16:
        update_wide(st, d, len, 2);
        break;
    case ADJEQ_MODE_U32:
        update_wide(st, d, len, 4);
        break;
    case ADJEQ_MODE_UTF8:
        update_utf8(st, d, len);
        break;
    case ADJEQ_MODE_UTF16:
        update_utf16(st, d, len);
        break;
    }
}

uint64_t adjeq_stream_result(const struct adjeq_stream *st) {
    if (st->mode_ == ADJEQ_MODE_UTF16 && (st->pending_state_ & HELD_HIGH)) {
        /* The input ends after a high surrogate: a lone one. */
        struct adjeq_stream end = *st;
        next_unit(&end, st->pending_, 2);
        return end.count_;
    }
    if (st->mode_ != ADJEQ_MODE_UTF8 || !st->pending_state_)
        return st->count_;
    /* The input ends inside a character: its bytes are single units. */
    struct adjeq_stream end = *st;
    for (size_t j = 0; j < st->pending_state_; j++)
        next_unit(&end, st->pending_ + j, 1);
    return end.count_;
}
