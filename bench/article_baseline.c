/* The article's loop in a C translation unit of its own, compiled with the
 * build's optimisation flags as the article compiled it. */
#include "article.h"
#include "bench.h"

uint64_t adjeq_bench_article(char *str) { return count_byte_doubles(str); }
