/*
 * adjeq_count_batch / adjeq_count_batch32 against one call per item, in every
 * mode, on every supported kernel: items of 0 to 300 bytes at arbitrary
 * offsets (so wide items are misaligned), empty items, a partial element at
 * an item's end, n = 0, and an invalid mode (counts untouched).
 */
#include "adjeq.h"
#include "mode_call.h"
#include "test_util.h"

int main(void) {
    enum { ITEMS = 2000, MAX_ITEM = 300 };
    uint8_t *data = (uint8_t *)malloc(ITEMS * MAX_ITEM);
    int64_t *offsets = (int64_t *)malloc((ITEMS + 1) * sizeof *offsets);
    int32_t *offsets32 = (int32_t *)malloc((ITEMS + 1) * sizeof *offsets32);
    size_t *counts = (size_t *)malloc(ITEMS * sizeof *counts);
    uint64_t seed = 5;
    /* Few distinct bytes, so doubles are frequent in every mode. */
    for (size_t i = 0; i < ITEMS * MAX_ITEM; i++)
        data[i] = (uint8_t)"aab\xc3\xa9\x00\x01"[test_rand(&seed) % 7];
    offsets[0] = 0;
    for (size_t i = 0; i < ITEMS; i++) {
        size_t len = i % 10 == 0 ? 0 : test_rand(&seed) % MAX_ITEM;
        offsets[i + 1] = offsets[i] + (int64_t)len;
    }
    for (size_t i = 0; i <= ITEMS; i++)
        offsets32[i] = (int32_t)offsets[i];

    for (unsigned k = 0; k < adjeq_kernel_count(); k++) {
        if (adjeq_set_kernel((enum adjeq_kernel)k) != 0)
            continue;
        for (int mode = ADJEQ_MODE_BYTES; mode <= ADJEQ_MODE_UTF16; mode++) {
            for (int width = 0; width < 2; width++) {
                memset(counts, 0xa5, ITEMS * sizeof *counts);
                int rc = width ? adjeq_count_batch32((enum adjeq_mode)mode, data, offsets32,
                                                     ITEMS, counts)
                               : adjeq_count_batch((enum adjeq_mode)mode, data, offsets, ITEMS,
                                                   counts);
                CHECK(rc == 0, "kernel %u mode %d: rc %d", k, mode, rc);
                for (size_t i = 0; i < ITEMS; i++) {
                    size_t want = test_one_call((enum adjeq_mode)mode, data + offsets[i],
                                           (size_t)(offsets[i + 1] - offsets[i]));
                    CHECK(counts[i] == want, "kernel %s mode %d offsets%d item %zu: got %zu want %zu",
                          adjeq_kernel_name((enum adjeq_kernel)k), mode, width ? 32 : 64, i,
                          counts[i], want);
                }
            }
        }
    }
    adjeq_reset_kernel();
    size_t sentinel = 12345;
    CHECK(adjeq_count_batch(ADJEQ_MODE_BYTES, NULL, offsets, 0, &sentinel) == 0 &&
              sentinel == 12345, "n = 0 writes nothing");
    CHECK(adjeq_count_batch((enum adjeq_mode)9, data, offsets, 1, &sentinel) ==
                  ADJEQ_ERR_INVALID_MODE && sentinel == 12345,
          "invalid mode: error, counts untouched");
    CHECK(adjeq_count_batch32((enum adjeq_mode)-1, data, offsets32, 1, &sentinel) ==
                  ADJEQ_ERR_INVALID_MODE && sentinel == 12345,
          "invalid mode (32-bit offsets)");
    free(data);
    free(offsets);
    free(offsets32);
    free(counts);
    printf("batch: %s (%d failures)\n", test_failures ? "FAILED" : "ok", test_failures);
    return test_failures ? 1 : 0;
}
