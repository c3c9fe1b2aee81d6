/*
 * Template part: vocabulary entries several shims share, each defined here
 * when the shim asks for it before including template.h:
 *   VEC_NEXT_LOADS       vec_next_even / vec_next_odd as unaligned loads of p
 *   VEC_NEXT_WIDE_LOADS  vec_next_wide as an unaligned load of p
 *   VEC_SHORT_SWAR       vec_count_short as the portable SWAR count
 */
#ifndef ADJEQ_TPL_SHIM_DEFAULTS_H
#define ADJEQ_TPL_SHIM_DEFAULTS_H

#include <stddef.h>
#include <stdint.h>

#ifdef VEC_NEXT_LOADS
static inline vec_t vec_next_even(vec_t cur, vec_t next, const uint8_t *p) {
    (void)cur, (void)next;
    return vec_loadu(p);
}
#define vec_next_odd vec_next_even
#endif

#ifdef VEC_NEXT_WIDE_LOADS
static inline vec_t vec_next_wide(vec_t cur, vec_t next, const uint8_t *p, size_t width) {
    (void)cur, (void)next, (void)width;
    return vec_loadu(p);
}
#endif

#ifdef VEC_SHORT_SWAR
static inline size_t vec_count_short(const uint8_t *data, size_t len) {
    return adjeq_count_swar(data, len);
}
#endif

#endif /* ADJEQ_TPL_SHIM_DEFAULTS_H */
