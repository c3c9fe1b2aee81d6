/* What a user gets without adjeq: the obvious loop, left to the compiler.
 * Compiled several times with different flags; ADJEQ_BENCH_LOOP_NAME names
 * each copy. */
#include <stddef.h>
#include <stdint.h>

size_t ADJEQ_BENCH_LOOP_NAME(const uint8_t *data, size_t len);

size_t ADJEQ_BENCH_LOOP_NAME(const uint8_t *data, size_t len) {
    size_t count = 0;
    for (size_t i = 0; i + 1 < len; i++)
        count += data[i] == data[i + 1];
    return count;
}
