/*
 * Counting one input. Regular files are mapped and counted with
 * adjeq_count_parallel (bytes) or adjeq_count_utf8 (--utf8, one thread);
 * pipes, terminals and files that cannot be mapped are read in chunks through
 * the library's streaming API, the one place that joins units (bytes or UTF-8
 * characters) split across chunk boundaries.
 *
 * POSIX: a mapped file that another process truncates raises SIGBUS on the
 * first access past its new end, in whichever thread touches it. The handler
 * maps anonymous zero pages over the rest of the mapping and notes the
 * change, so the count finishes, and the file is reported as changed instead
 * of the tool dying. Windows refuses to truncate a file while a view of it is
 * mapped (SetEndOfFile fails with ERROR_USER_MAPPED_FILE), so there the final
 * size check is the whole guard.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */

#include "input.h"

#include <errno.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#else
#include <signal.h>
#include <sys/mman.h>
#endif

#include "adjeq.h"

#define STREAM_CHUNK_BYTES ((size_t)1 << 20)
/* With progress on, a mapped file is counted in slices of this size: about
 * 10 ms each from DRAM, so the line updates often without the thread starts
 * of each slice costing anything measurable. */
#define DEFAULT_SLICE_BYTES ((size_t)256 << 20)

/* A file larger than this is mapped one window at a time. Only where
 * addresses are 32 bits does it apply: there a whole multi-GiB file cannot
 * be mapped at all, and even 2 GiB rarely finds room beside the heap,
 * libraries and stacks. 256 MiB windows are as long as the progress slices,
 * so a window costs one mmap per ~10 ms of counting. */
#define MAP_WINDOW_BYTES (SIZE_MAX > UINT32_MAX ? SIZE_MAX : ((size_t)256 << 20))

#ifdef _WIN32
/* MapViewOfFile takes offsets in multiples of the allocation granularity
 * (64 KiB), not of the page size. */
static size_t map_granularity(void) {
    SYSTEM_INFO info;
    GetSystemInfo(&info);
    return info.dwAllocationGranularity;
}

static int install_guard(void) { return 0; }

static int guard_tripped(void) { return 0; }

static uint8_t *map_window(int fd, off_t map_start, size_t map_len) {
    HANDLE file = (HANDLE)_get_osfhandle(fd);
    if (file == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return NULL;
    }
    /* A zero maximum size maps the file as it is now; the view then covers
     * the window. The view keeps the mapping object alive. */
    HANDLE mapping = CreateFileMappingW(file, NULL, PAGE_READONLY, 0, 0, NULL);
    if (!mapping) {
        errno = ENODEV;
        return NULL;
    }
    uint64_t offset = (uint64_t)map_start;
    void *view = MapViewOfFile(mapping, FILE_MAP_READ, (DWORD)(offset >> 32),
                               (DWORD)offset, map_len);
    CloseHandle(mapping);
    if (!view) {
        errno = ENOMEM;
        return NULL;
    }
    return (uint8_t *)view;
}

static void unmap_window(uint8_t *map, size_t map_len) {
    (void)map_len;
    UnmapViewOfFile(map);
}

#else
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

static int install_guard(void) {
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

/* Maps bytes [map_start, map_start + map_len) of fd under the SIGBUS guard. */
static uint8_t *map_window(int fd, off_t map_start, size_t map_len) {
    uint8_t *map =
        (uint8_t *)mmap(NULL, map_len, PROT_READ, MAP_PRIVATE, fd, map_start);
    if (map == MAP_FAILED)
        return NULL;
    atomic_store(&guard.len, map_len);
    atomic_store(&guard.base, map);
    return map;
}

static void unmap_window(uint8_t *map, size_t map_len) {
    atomic_store(&guard.base, NULL);
    atomic_store(&guard.len, 0);
    munmap(map, map_len);
}

static size_t map_granularity(void) { return (size_t)sysconf(_SC_PAGESIZE); }

static int guard_tripped(void) { return atomic_load(&guard.changed); }

#endif

/* Counts bytes [start, end) of a regular file. Returns ENODEV (or another
 * mmap errno) when the file cannot be mapped, so the caller reads it. */
static int count_mapped(int fd, off_t start, off_t end,
                        const struct tool_count_options *options,
                        struct tool_count *result) {
    int err = install_guard();
    if (err)
        return err;
    size_t page = map_granularity();
#ifndef _WIN32
    guard.page = page;
    atomic_store(&guard.changed, 0);
#endif
    uint64_t len = (uint64_t)(end - start);
    size_t slice = MAP_WINDOW_BYTES;
    if (options->progress) {
        slice = options->slice_bytes ? options->slice_bytes : DEFAULT_SLICE_BYTES;
    }
    /* Map windows start on a boundary of the granularity (mmap's page,
     * MapViewOfFile's 64 KiB) and are a whole number of them long, so only
     * the first one skips bytes. */
    size_t window = options->window_bytes ? options->window_bytes : MAP_WINDOW_BYTES;
    window = window < page ? page : window / page * page;
    uint64_t count = 0;
    /* UTF-8 slices and windows go through a stream, which joins the
     * characters their edges cut; without progress on a 64-bit build there
     * is one slice, so the stream makes one adjeq_count_utf8 call over the
     * whole file (less a final incomplete character, held back in case more
     * bytes follow). UTF-8 is counted on one thread: a split point must
     * fall on a character boundary, and one core counts it faster than DRAM
     * is read anyway. */
    struct adjeq_stream utf8;
    adjeq_stream_init(&utf8, ADJEQ_MODE_UTF8);
    uint64_t done = 0;
    int have_last = 0;
    uint8_t last = 0;
    while (done < len) {
        off_t pos = start + (off_t)done;
        off_t map_start = pos / (off_t)page * (off_t)page;
        size_t skip = (size_t)(pos - map_start);
        uint64_t rest = (uint64_t)(end - map_start);
        size_t map_len = rest < window ? (size_t)rest : window;
        uint8_t *map = map_window(fd, map_start, map_len);
        /* Even past the first window: the caller then reads the whole
         * input again through a stream. */
        if (!map)
            return errno;
        const uint8_t *data = map + skip;
        size_t n_window = map_len - skip;
        for (size_t at = 0; at < n_window;) {
            size_t n = n_window - at < slice ? n_window - at : slice;
            if (options->utf8) {
                adjeq_stream_update(&utf8, data + at, n);
            } else {
                count += adjeq_count_parallel(data + at, n, options->threads);
                if (have_last)
                    count += last == data[at];
                last = data[at + n - 1];
                have_last = 1;
            }
            at += n;
            done += n;
            if (options->progress)
                options->progress(options->progress_ctx, done, len);
        }
        unmap_window(map, map_len);
    }
    if (options->utf8)
        count = adjeq_stream_result(&utf8);

    /* Shrinking within the last page raises no SIGBUS (the tail of that
     * page reads as zeros), so compare sizes too. */
    struct stat after;
    int changed = guard_tripped() ||
                  (fstat(fd, &after) == 0 && after.st_size < end);
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
#ifdef _WIN32
    /* Text mode would turn CR LF into LF and stop at the first ^Z. */
    _setmode(fd, _O_BINARY);
#endif
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
        bytes += (uint64_t)got;
        if (options->progress)
            options->progress(options->progress_ctx, bytes, 0);
    }
    free(buf);
    result->bytes = bytes;
    result->count = adjeq_stream_result(&stream);
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
