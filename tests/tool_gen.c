/*
 * Writes test input for the adjeq tool tests and prints its reference count
 * (the naive loop), so the expected output never comes from adjeq itself.
 *   tool_gen FILE BYTES ALPHABET SEED
 * ALPHABET as in test_fill: 1..256 symbols, 52 for ASCII letters.
 */
#include "test_util.h"

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: tool_gen FILE BYTES ALPHABET SEED\n");
        return 2;
    }
    size_t len = (size_t)strtoull(argv[2], NULL, 10);
    unsigned alphabet = (unsigned)strtoul(argv[3], NULL, 10);
    uint64_t seed = strtoull(argv[4], NULL, 10);
    if (alphabet < 1 || alphabet > 256) {
        fprintf(stderr, "tool_gen: alphabet must be 1..256\n");
        return 2;
    }
    uint8_t *buf = (uint8_t *)malloc(len ? len : 1);
    FILE *f = fopen(argv[1], "wb");
    if (!buf || !f) {
        perror("tool_gen");
        return 1;
    }
    test_fill(buf, len, alphabet, &seed);
    if (fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
        perror("tool_gen");
        return 1;
    }
    printf("%zu\n", test_reference_count(buf, len));
    (void)test_failures;
    free(buf);
    return 0;
}
