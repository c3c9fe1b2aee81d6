/*
 * Counting one input. Regular files are mapped and counted with
 * adjeq_count_parallel (bytes) or adjeq_count_utf8 (--utf8, one thread);
 * pipes, terminals and files that cannot be mapped are read in chunks through
 * the library's streaming API, the one place that joins units (bytes or UTF-8
 * characters) split across chunk boundaries.
 *
 * A mapped file that another process truncates raises SIGBUS on the first
 * access past its new end, in whichever thread touches it. The handler maps
 * anonymous zero pages over the rest of the mapping and notes the change, so
 * the count finishes, and the file is reported as changed instead of the
 * tool dying.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */

#include "input.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adjeq.h"

#define STREAM_CHUNK_BYTES ((size_t)1 << 20)
/* With progress on, a mapped file is counted in slices of this size: about
 * 10 ms each from DRAM, so the line updates often without the thread starts
 * of each slice costing anything measurable. */
#define DEFAULT_SLICE_BYTES ((size_t)256 << 20)

/* The mapping being counted; one at a time. The handler runs in whichever
 * thread faults, possibly several at once: lock-free atomics are both
 * thread-safe and async-signal-safe. */
static struct {
    _Atomic(uint8_t *) base;
    _Atomic size_t len;
    atomic_int changed;
    size_t page;
} guard;

static void on_sigbus(int sig, siginfo_t *info, void *context) {
    (void)context;
    uint8_t *addr = (uint8_t *)info->si_addr;
    uint8_t *base = atomic_load(&guard.base);
    size_t len = atomic_load(&guard.len);
    if (base && addr >= base && addr < base + len) {
        uint8_t *page = base + (size_t)(addr - base) / guard.page * guard.page;
        /* mmap is a plain system call, safe in a handler in practice. */
        if (mmap(page, (size_t)(base + len - page), PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
                 0) != MAP_FAILED) {
            atomic_store(&guard.changed, 1);
            return; /* the faulting load is retried and reads zeros */
        }
    }
    /* Not ours: die of it as if no handler were installed. */
    signal(sig, SIG_DFL);
}

static int install_sigbus_handler(void) {
    static int installed;
    if (installed)
        return 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGBUS, &sa, NULL) != 0)
        return errno;
    installed = 1;
    return 0;
}

/* Counts bytes [start, end) of a regular file. Returns ENODEV (or another
 * mmap errno) when the file cannot be mapped, so the caller reads it. */
static int count_mapped(int fd, off_t start, off_t end,
                        const struct tool_count_options *options,
                        struct tool_count *result) {
    int err = install_sigbus_handler();
    if (err)
        return err;
    guard.page = (size_t)sysconf(_SC_PAGESIZE);
    off_t map_start = start / (off_t)guard.page * (off_t)guard.page;
    size_t skip = (size_t)(start - map_start);
    if ((uintmax_t)(end - map_start) > SIZE_MAX)
        return ENOMEM;
    size_t map_len = (size_t)(end - map_start);
    uint8_t *map =
        (uint8_t *)mmap(NULL, map_len, PROT_READ, MAP_PRIVATE, fd, map_start);
    if (map == MAP_FAILED)
        return errno;
    atomic_store(&guard.changed, 0);
    atomic_store(&guard.len, map_len);
    atomic_store(&guard.base, map);

    const uint8_t *data = map + skip;
    size_t len = map_len - skip;
    size_t slice = len;
    if (options->progress)
        slice = options->slice_bytes ? options->slice_bytes : DEFAULT_SLICE_BYTES;
    size_t count = 0;
    /* UTF-8 slices go through a stream, which joins the characters that
     * slice edges cut; without progress there is one slice, so the stream
     * makes one adjeq_count_utf8 call over the whole file (less a final
     * incomplete character, held back in case more bytes follow). UTF-8 is
     * counted on one thread: a split point must fall on a character
     * boundary, and one core counts it faster than DRAM is read anyway. */
    struct adjeq_stream utf8;
    adjeq_stream_init(&utf8, ADJEQ_MODE_UTF8);
    for (size_t done = 0; done < len;) {
        size_t n = len - done < slice ? len - done : slice;
        if (options->utf8) {
            adjeq_stream_update(&utf8, data + done, n);
        } else {
            count += adjeq_count_parallel(data + done, n, options->threads);
            if (done > 0)
                count += data[done - 1] == data[done];
        }
        done += n;
        if (options->progress)
            options->progress(options->progress_ctx, done, len);
    }
    if (options->utf8)
        count = (size_t)adjeq_stream_result(&utf8);

    /* Shrinking within the last page raises no SIGBUS (the tail of that
     * page reads as zeros), so compare sizes too. */
    struct stat after;
    int changed = atomic_load(&guard.changed) ||
                  (fstat(fd, &after) == 0 && after.st_size < end);
    atomic_store(&guard.base, NULL);
    atomic_store(&guard.len, 0);
    munmap(map, map_len);
    if (changed)
        return TOOL_ERR_CHANGED;
    result->bytes = len;
    result->count = count;
    return 0;
}

static int count_stream(int fd, const struct tool_count_options *options,
                        struct tool_count *result) {
    uint8_t *buf = (uint8_t *)malloc(STREAM_CHUNK_BYTES);
    if (!buf)
        return ENOMEM;
    uint64_t bytes = 0;
    struct adjeq_stream stream;
    adjeq_stream_init(&stream, options->utf8 ? ADJEQ_MODE_UTF8 : ADJEQ_MODE_BYTES);
    for (;;) {
        ssize_t got = read(fd, buf, STREAM_CHUNK_BYTES);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            int err = errno;
            free(buf);
            return err;
        }
        if (got == 0)
            break;
        adjeq_stream_update(&stream, buf, (size_t)got);
        bytes += (size_t)got;
        if (options->progress)
            options->progress(options->progress_ctx, bytes, 0);
    }
    free(buf);
    result->bytes = bytes;
    result->count = (size_t)adjeq_stream_result(&stream);
    return 0;
}

int tool_count_fd(int fd, const struct tool_count_options *options,
                  struct tool_count *result) {
    struct stat st;
    if (fstat(fd, &st) != 0)
        return errno;
    if (S_ISDIR(st.st_mode))
        return EISDIR;
    /* Files such as those in /proc claim size 0 but have contents: read. */
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        /* Standard input may be a file already partly read. */
        off_t start = lseek(fd, 0, SEEK_CUR);
        if (start < 0)
            start = 0;
        if (start >= st.st_size) {
            result->bytes = 0;
            result->count = 0;
            return 0;
        }
        int err = count_mapped(fd, start, st.st_size, options, result);
        if (err == 0 || err == TOOL_ERR_CHANGED)
            return err;
        /* Not mappable (some file systems, sizes past the address space):
         * fall through and read it. */
        if (lseek(fd, start, SEEK_SET) < 0 && errno != ESPIPE)
            return errno;
    }
    return count_stream(fd, options, result);
}
