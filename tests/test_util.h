/* Shared test helpers: deterministic random data, a naive reference count,
 * and buffers fenced by PROT_NONE pages so any over-read faults. */
#ifndef ADJEQ_TEST_UTIL_H
#define ADJEQ_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(_WIN32)
#  include <malloc.h>
#  include <windows.h>
#  if !defined(_MSC_VER)
#    include <unistd.h> /* MinGW: dup, dup2, close */
#  endif
#else
#  include <sys/mman.h>
#  include <unistd.h>
#endif

/* CTest's SKIP_RETURN_CODE. */
#define TEST_SKIPPED 77

static int test_failures;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            if (++test_failures <= 20) {                                     \
                fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,       \
                        __LINE__, #cond);                                    \
                fprintf(stderr, __VA_ARGS__);                                \
                fputc('\n', stderr);                                         \
            }                                                                \
        }                                                                    \
    } while (0)

/* splitmix64: small, fast, and the same stream on every platform. */
static inline uint64_t test_rand(uint64_t *state) {
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static const char test_letters[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* Bytes drawn from an alphabet of `alphabet` symbols (1..256); 52 means the
 * article's ASCII letters. */
static inline void test_fill(uint8_t *buf, size_t len, unsigned alphabet,
                             uint64_t *state) {
    for (size_t i = 0; i < len; i++) {
        uint64_t r = test_rand(state);
        buf[i] = alphabet == 52 ? (uint8_t)test_letters[r % 52]
                                : (uint8_t)(r % alphabet);
    }
}

static inline size_t test_reference_count(const uint8_t *data, size_t len) {
    size_t count = 0;
    for (size_t i = 1; i < len; i++)
        count += data[i - 1] == data[i];
    return count;
}

/* 64-byte aligned heap block. C11's aligned_alloc wants a size that is a
 * multiple of the alignment (ASan enforces it), so round up. */
static inline void *test_alloc64(size_t size) {
#if defined(_WIN32)
    /* The Windows C runtime has no aligned_alloc; its aligned blocks need
     * their own free (test_free64). */
    return _aligned_malloc((size + 63) & ~(size_t)63, 64);
#else
    return aligned_alloc(64, (size + 63) & ~(size_t)63);
#endif
}

static inline void test_free64(void *p) {
#if defined(_WIN32)
    _aligned_free(p);
#else
    free(p);
#endif
}

/* A region of `pages` usable pages with a PROT_NONE page on each side.
 * GUARD_PAGES_MISSING: why none can be had here, or NULL. */
#if defined(__EMSCRIPTEN__)
#  define GUARD_PAGES_MISSING \
    "WebAssembly linear memory has no page protection (Emscripten's mprotect does nothing)"
#else
#  define GUARD_PAGES_MISSING ((const char *)NULL)
#endif
struct guarded {
    uint8_t *base; /* first usable byte (page aligned) */
    size_t size;   /* usable bytes */
    size_t page;
};

#if defined(_WIN32)
static inline int guarded_alloc(struct guarded *g, size_t pages) {
    SYSTEM_INFO info;
    GetSystemInfo(&info);
    g->page = (size_t)info.dwPageSize;
    g->size = pages * g->page;
    uint8_t *map = (uint8_t *)VirtualAlloc(NULL, g->size + 2 * g->page,
                                           MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!map)
        return -1;
    DWORD old;
    if (!VirtualProtect(map, g->page, PAGE_NOACCESS, &old) ||
        !VirtualProtect(map + g->page + g->size, g->page, PAGE_NOACCESS, &old))
        return -1;
    g->base = map + g->page;
    return 0;
}

static inline void guarded_free(struct guarded *g) {
    VirtualFree(g->base - g->page, 0, MEM_RELEASE);
}
#else
static inline int guarded_alloc(struct guarded *g, size_t pages) {
    g->page = (size_t)sysconf(_SC_PAGESIZE);
    g->size = pages * g->page;
    uint8_t *map = (uint8_t *)mmap(NULL, g->size + 2 * g->page,
                                   PROT_READ | PROT_WRITE,
                                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return -1;
    if (mprotect(map, g->page, PROT_NONE) != 0 ||
        mprotect(map + g->page + g->size, g->page, PROT_NONE) != 0)
        return -1;
    g->base = map + g->page;
    return 0;
}

static inline void guarded_free(struct guarded *g) {
    munmap(g->base - g->page, g->size + 2 * g->page);
}
#endif

#endif
