/* Internal: compiler hints shared by the kernel files. */
#ifndef ADJEQ_COMPILER_H
#define ADJEQ_COMPILER_H

/* For the templates and the width-generic helpers: a width or a shim
 * function passed as an argument must fold to a constant in each caller. */
#if defined(__GNUC__)
#  define ADJEQ_ALWAYS_INLINE inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#  define ADJEQ_ALWAYS_INLINE __forceinline
#else
#  define ADJEQ_ALWAYS_INLINE inline
#endif

#if defined(__GNUC__)
#  define ADJEQ_NOINLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#  define ADJEQ_NOINLINE __declspec(noinline)
#else
#  define ADJEQ_NOINLINE
#endif

/* Before a loop over a window's vectors (at most 4): unrolled, so its
 * vectors stay in registers. GCC 12 keeps a long body rolled otherwise,
 * with the per-vector results in memory. */
#if defined(__clang__)
#  define ADJEQ_UNROLL _Pragma("unroll")
#elif defined(__GNUC__)
#  define ADJEQ_UNROLL _Pragma("GCC unroll 4")
#else
#  define ADJEQ_UNROLL
#endif

/* Makes the compiler treat a loaded vector as opaque, so it keeps it in a
 * register. GCC 12 otherwise re-loads a block from memory for each use that
 * needs a copy (vpermt2b overwrites its table operand), which turned the
 * AVX-512 loops from shuffle-bound into load-bound. Test builds through
 * SIMDe, whose vector types are structs no register holds, define
 * ADJEQ_NO_REGISTER_PIN. */
#if defined(__GNUC__) && !defined(ADJEQ_NO_REGISTER_PIN)
#  define ADJEQ_KEEP_IN_REGISTER(v) __asm__("" : "+v"(v))
#else
#  define ADJEQ_KEEP_IN_REGISTER(v) ((void)0)
#endif

/* Hides where a pointer points, so loads through it stay loads: GCC folds
 * a load from a constant array into the constant, and then builds it in
 * registers its own way. */
#if defined(__GNUC__)
#  define ADJEQ_OPAQUE_POINTER(p) __asm__("" : "+r"(p))
#else
#  define ADJEQ_OPAQUE_POINTER(p) ((void)0)
#endif

/* A condition rarely true: the compiler lays its code out of the common
 * path (GCC 12 keeps avx512.h's page test a branch, not a conditional
 * move, so the common path's loads need not wait for it). */
#if defined(__GNUC__)
#  define ADJEQ_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#  define ADJEQ_UNLIKELY(x) (x)
#endif

/* A software prefetch of the cache line at p for reading (it never faults;
 * callers still keep it inside the buffer). */
#if defined(__GNUC__)
#  define ADJEQ_PREFETCH(p) __builtin_prefetch((p), 0, 3)
#else
#  define ADJEQ_PREFETCH(p) ((void)(p))
#endif

#endif /* ADJEQ_COMPILER_H */
