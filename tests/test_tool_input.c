/*
 * The adjeq tool's input layer: a mapped file truncated while it is being
 * counted is reported as changed (no SIGBUS death, no wrong count), from the
 * calling thread and from worker threads; slices and partly read inputs
 * count exactly, in bytes and in UTF-8 mode (slices that cut characters).
 *   test_tool_input DIR    (DIR: where the scratch file goes)
 */
#include <errno.h>
#include <fcntl.h>

#include "adjeq.h"
#include "input.h"
#include "test_util.h"

#define FILE_BYTES ((size_t)48 << 20)

static char path[4096];

/* A file of all-equal bytes with every 4099th byte different: doubles
 * straddle every slice boundary, and the count is easy to state. */
static size_t expected_count(size_t from, size_t to) {
    size_t count = 0;
    for (size_t i = from + 1; i < to; i++)
        count += (i % 4099 != 0) && ((i - 1) % 4099 != 0);
    return count;
}

static int write_file(void) {
    uint8_t *buf = (uint8_t *)malloc(FILE_BYTES);
    if (!buf)
        return -1;
    for (size_t i = 0; i < FILE_BYTES; i++)
        buf[i] = i % 4099 == 0 ? 'y' : 'x';
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(buf, 1, FILE_BYTES, f) == FILE_BYTES;
    ok = f && fclose(f) == 0 && ok;
    free(buf);
    return ok ? 0 : -1;
}

struct truncate_plan {
    int fd;
    off_t to;      /* new size, or -1 to leave the file alone */
    unsigned calls;
    int refused;   /* the OS would not truncate a mapped file (Windows does not) */
};

static void truncate_on_first_progress(void *ctx, uint64_t done, uint64_t total) {
    struct truncate_plan *plan = (struct truncate_plan *)ctx;
    (void)done;
    (void)total;
    if (plan->calls++ == 0 && plan->to >= 0) {
#ifdef _WIN32
        /* Windows refuses while a view is mapped (ERROR_USER_MAPPED_FILE);
         * Wine does truncate. Either way the count must not be wrong. */
        plan->refused = ftruncate(plan->fd, plan->to) != 0;
#else
        CHECK(ftruncate(plan->fd, plan->to) == 0, "ftruncate: %s", strerror(errno));
#endif
    }
}

/* Counts the scratch file in slices, truncating it to `to` after the first
 * slice; returns tool_count_fd's result. */
static int count_truncating(off_t to, unsigned threads, size_t slice,
                            struct tool_count *result, unsigned *calls, int *refused) {
    if (write_file() != 0) {
        CHECK(0, "cannot write %s", path);
        return -2;
    }
    struct truncate_plan plan = {open(path, O_RDWR), to, 0, 0};
    CHECK(plan.fd >= 0, "open %s", path);
    struct tool_count_options options = {threads, truncate_on_first_progress, &plan, slice, 0, 0};
    int err = tool_count_fd(plan.fd, &options, result);
    close(plan.fd);
    *calls = plan.calls;
    *refused = plan.refused;
    return err;
}

static void no_progress(void *ctx, uint64_t done, uint64_t total) {
    (void)ctx;
    (void)done;
    (void)total;
}

/* --utf8 on a mapped file counted in slices of every size from 1 to 9
 * bytes, whole or in one-page windows: slice and window edges fall inside
 * 3- and 4-byte characters, and the stream must join them. N copies of one character have N - 1 doubles (and no
 * byte doubles: a character's bytes all differ). */
static void check_utf8_slices(void) {
    static const char *const chars[] = {"\xe2\x9c\x93", "\xf0\x9f\x98\x80"};
    for (size_t c = 0; c < 2; c++) {
        const size_t copies = 5001, width = strlen(chars[c]);
        FILE *f = fopen(path, "wb");
        CHECK(f != NULL, "open %s", path);
        if (!f)
            return;
        for (size_t i = 0; i < copies; i++)
            fputs(chars[c], f);
        CHECK(fclose(f) == 0, "write %s", path);
        for (size_t slice = 0; slice <= 19; slice++) {
            int fd = open(path, O_RDONLY);
            struct tool_count_options options = {0, slice % 10 ? no_progress : NULL, NULL,
                                                 slice % 10, 1, slice >= 10 ? 1 : 0};
            struct tool_count r = {0, 0};
            CHECK(tool_count_fd(fd, &options, &r) == 0, "utf8 count");
            CHECK(r.bytes == copies * width && r.count == copies - 1,
                  "utf8, %zu-byte characters, slices of %zu: %llu doubles", width, slice,
                  (unsigned long long)r.count);
            options.utf8 = 0;
            CHECK(tool_count_fd(fd, &options, &r) == 0 && r.count == 0, "bytes: %llu",
                  (unsigned long long)r.count);
            close(fd);
        }
    }
    unlink(path);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: test_tool_input DIR\n");
        return 2;
    }
    snprintf(path, sizeof path, "%s/tool_input.bin", argv[1]);
    struct tool_count r;
    unsigned calls;

    /* Unchanged, in 4 MiB slices (the pair at each slice edge counts once). */
    int refused;
    int err = count_truncating(-1, 2, (size_t)4 << 20, &r, &calls, &refused);
    CHECK(err == 0, "unchanged file: %d", err);
    CHECK(r.bytes == FILE_BYTES && r.count == expected_count(0, FILE_BYTES),
          "unchanged: %llu, want %zu", (unsigned long long)r.count, expected_count(0, FILE_BYTES));
    CHECK(calls == 12, "progress after each slice: %u calls", calls);

    /* Truncated to nothing, to half, to within the last page (no SIGBUS
     * there: only the size check can see it); one thread and several.
     * QEMU user mode does not hand a guest the SIGBUS of a truncated file
     * mapping (the faulting access retries forever), so emulated runs
     * (ADJEQ_TEST_NO_SIGBUS set) leave these cases to native builds. */
    const off_t sizes[] = {0, (off_t)FILE_BYTES / 2, (off_t)FILE_BYTES - 100};
    size_t truncations = sizeof sizes / sizeof sizes[0];
    if (getenv("ADJEQ_TEST_NO_SIGBUS")) {
        printf("truncation while counting: skipped (no SIGBUS delivery under this emulator)\n");
        truncations = 0;
    }
    for (size_t s = 0; s < truncations; s++) {
        for (unsigned threads = 1; threads <= 4; threads += 3) {
            err = count_truncating(sizes[s], threads, (size_t)16 << 20, &r, &calls, &refused);
            if (refused)
                CHECK(err == 0 && r.count == expected_count(0, FILE_BYTES),
                      "truncation refused, %u threads: %d", threads, err);
            else
                CHECK(err == TOOL_ERR_CHANGED, "truncated to %lld, %u threads: %d",
                      (long long)sizes[s], threads, err);
        }
    }

    /* An input already partly read (standard input redirected from a file
     * after another program consumed some) counts from its position. */
    CHECK(write_file() == 0, "rewrite");
    int fd = open(path, O_RDONLY);
    off_t skip = 123457;
    CHECK(lseek(fd, skip, SEEK_SET) == skip, "lseek");
    struct tool_count_options plain = {0, NULL, NULL, 0, 0, 0};
    CHECK(tool_count_fd(fd, &plain, &r) == 0, "partly read");
    CHECK(r.bytes == FILE_BYTES - (size_t)skip &&
              r.count == expected_count((size_t)skip, FILE_BYTES),
          "partly read: %zu bytes, %llu doubles", (size_t)r.bytes,
          (unsigned long long)r.count);
    close(fd);

    /* Mapped in windows (as 32-bit builds map files past 256 MiB): the pair
     * at each window edge counts once, from a start inside a page too,
     * with and without progress slices. */
    const size_t windows[] = {1, 3 * 4096 + 1, (size_t)1 << 20, (size_t)5 << 20};
    for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
        for (int sliced = 0; sliced <= 1; sliced++) {
            fd = open(path, O_RDONLY);
            CHECK(lseek(fd, skip, SEEK_SET) == skip, "lseek");
            struct tool_count_options windowed = {
                2, sliced ? no_progress : NULL, NULL, (size_t)3 << 20, 0, windows[w]};
            CHECK(tool_count_fd(fd, &windowed, &r) == 0, "windows of %zu", windows[w]);
            CHECK(r.bytes == FILE_BYTES - (size_t)skip &&
                      r.count == expected_count((size_t)skip, FILE_BYTES),
                  "windows of %zu, sliced %d: %llu doubles, want %zu", windows[w], sliced,
                  (unsigned long long)r.count, expected_count((size_t)skip, FILE_BYTES));
            close(fd);
        }
    }
    unlink(path);

    check_utf8_slices();

    printf("tool input: %s (%d failures)\n", test_failures ? "FAILED" : "ok", test_failures);
    return test_failures ? 1 : 0;
}
