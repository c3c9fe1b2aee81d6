/*
 * The seed article's C function, verbatim apart from its name's linkage: the
 * NUL-terminated loop every adjeq speedup is measured against. Benchmark and
 * test code only; the library never exports it.
 */
#ifndef ADJEQ_ARTICLE_H
#define ADJEQ_ARTICLE_H

#include <stdint.h>

static inline uint64_t count_byte_doubles(char *str) {
    uint64_t count = 0;
    while (str[0] && str[1]) {
        if (str[0] == str[1]) count++;
        str++;
    }
    return count;
}

#endif
