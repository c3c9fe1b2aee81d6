/*
 * Internal: the few atomic operations dispatch needs, in one place so a
 * compiler without C11 atomics can have them. C11 <stdatomic.h> wherever the
 * compiler provides it; MSVC's C compiler (which has <stdatomic.h> only from
 * Visual Studio 2022 17.5, behind /experimental:c11atomics) gets its
 * Interlocked functions and acquire/release intrinsics instead.
 *
 *   ADJEQ_ATOMIC_U32 x;                      a 32-bit word, relaxed access
 *   ADJEQ_ATOMIC_PTR(T) p;                   a pointer to T
 *   ADJEQ_ATOMIC_FLAG f = ADJEQ_ATOMIC_FLAG_INIT;
 *   adjeq_load_relaxed_u32(&x), adjeq_store_relaxed_u32(&x, v)
 *   adjeq_load_acquire_u32(&x), adjeq_store_release_u32(&x, v)
 *   adjeq_load_relaxed_ptr(&p), adjeq_store_relaxed_ptr(&p, v)
 *   adjeq_load_acquire_ptr(&p), adjeq_store_release_ptr(&p, v)
 *   adjeq_cas_ptr(&p, &expected, desired)    acq_rel; on failure *expected
 *                                            receives the current value
 *   adjeq_test_and_set(&f)                   relaxed; returns the old value
 *
 * The MSVC branch is written to the documented intrinsics but is not built
 * by this project's CI (no MSVC there).
 */
#ifndef ADJEQ_ATOMICS_H
#define ADJEQ_ATOMICS_H

#include <stdint.h>

#if defined(_MSC_VER) && !defined(__clang__) && \
    (!defined(__STDC_VERSION__) || __STDC_VERSION__ < 201112L || defined(__STDC_NO_ATOMICS__))
#  define ADJEQ_ATOMICS_MSVC 1
#endif

#if !defined(ADJEQ_ATOMICS_MSVC)
#  include <stdatomic.h>

#  define ADJEQ_ATOMIC_U32 _Atomic uint32_t
#  define ADJEQ_ATOMIC_PTR(T) _Atomic(T *)
#  define ADJEQ_ATOMIC_FLAG atomic_flag
#  define ADJEQ_ATOMIC_FLAG_INIT ATOMIC_FLAG_INIT
#  define adjeq_load_relaxed_u32(p) atomic_load_explicit((p), memory_order_relaxed)
#  define adjeq_store_relaxed_u32(p, v) atomic_store_explicit((p), (v), memory_order_relaxed)
#  define adjeq_load_acquire_u32(p) atomic_load_explicit((p), memory_order_acquire)
#  define adjeq_store_release_u32(p, v) atomic_store_explicit((p), (v), memory_order_release)
#  define adjeq_load_relaxed_ptr(p) atomic_load_explicit((p), memory_order_relaxed)
#  define adjeq_store_relaxed_ptr(p, v) atomic_store_explicit((p), (v), memory_order_relaxed)
#  define adjeq_load_acquire_ptr(p) atomic_load_explicit((p), memory_order_acquire)
#  define adjeq_store_release_ptr(p, v) atomic_store_explicit((p), (v), memory_order_release)
#  define adjeq_cas_ptr(p, expected, desired)                                  \
      atomic_compare_exchange_strong_explicit((p), (expected), (desired),      \
                                              memory_order_acq_rel,            \
                                              memory_order_acquire)
#  define adjeq_test_and_set(f) atomic_flag_test_and_set_explicit((f), memory_order_relaxed)

#else /* MSVC without C11 atomics */
#  include <intrin.h>

/* Aligned 32-bit and pointer-sized accesses are single-copy atomic on every
 * Windows target (x86, x64, ARM64); volatile keeps the compiler from
 * splitting, merging or caching them. */
#  define ADJEQ_ATOMIC_U32 volatile uint32_t
#  define ADJEQ_ATOMIC_PTR(T) T *volatile
#  define ADJEQ_ATOMIC_FLAG volatile long
#  define ADJEQ_ATOMIC_FLAG_INIT 0
#  define adjeq_load_relaxed_u32(p) (*(p))
#  define adjeq_store_relaxed_u32(p, v) ((void)(*(p) = (v)))

static __forceinline void *adjeq_msvc_load_acquire(void *volatile const *p) {
#  if defined(_M_ARM64)
    return (void *)__ldar64((unsigned __int64 volatile *)p);
#  else
    /* x86 and x64 loads are acquire in hardware: only the compiler may
     * reorder, and the barrier stops it. */
    void *v = *p;
    _ReadWriteBarrier();
    return v;
#  endif
}

static __forceinline void adjeq_msvc_store_release(void *volatile *p, void *v) {
#  if defined(_M_ARM64)
    __stlr64((unsigned __int64 volatile *)p, (unsigned __int64)v);
#  else
    _ReadWriteBarrier();
    *p = v;
#  endif
}

/* _InterlockedCompareExchangePointer is a full barrier: at least acq_rel. */
static __forceinline int adjeq_msvc_cas(void *volatile *p, void **expected, void *desired) {
    void *old = _InterlockedCompareExchangePointer(p, desired, *expected);
    if (old == *expected)
        return 1;
    *expected = old;
    return 0;
}

static __forceinline uint32_t adjeq_msvc_load_acquire_u32(volatile const uint32_t *p) {
#  if defined(_M_ARM64)
    return __ldar32((unsigned __int32 volatile *)p);
#  else
    uint32_t v = *p;
    _ReadWriteBarrier();
    return v;
#  endif
}

static __forceinline void adjeq_msvc_store_release_u32(volatile uint32_t *p, uint32_t v) {
#  if defined(_M_ARM64)
    __stlr32((unsigned __int32 volatile *)p, v);
#  else
    _ReadWriteBarrier();
    *p = v;
#  endif
}

#  define adjeq_load_acquire_u32(p) adjeq_msvc_load_acquire_u32(p)
#  define adjeq_store_release_u32(p, v) adjeq_msvc_store_release_u32((p), (v))
#  define adjeq_load_relaxed_ptr(p) (*(p))
#  define adjeq_store_relaxed_ptr(p, v) ((void)(*(p) = (v)))
#  define adjeq_load_acquire_ptr(p) adjeq_msvc_load_acquire((void *volatile const *)(p))
#  define adjeq_store_release_ptr(p, v) adjeq_msvc_store_release((void *volatile *)(p), (void *)(v))
#  define adjeq_cas_ptr(p, expected, desired)                                  \
      adjeq_msvc_cas((void *volatile *)(p), (void **)(expected), (void *)(desired))
#  define adjeq_test_and_set(f) (_InterlockedExchange((f), 1) != 0)
#endif

#endif /* ADJEQ_ATOMICS_H */
