/*
 * Internal: 64-bit population count, in two explicit spellings. Each shim
 * picks one: the instruction only where its kernel's dispatch condition
 * includes it (x86 POPCNT) or the architecture guarantees it (AArch64 CNT).
 */
#ifndef ADJEQ_POPCOUNT_H
#define ADJEQ_POPCOUNT_H

#include <stddef.h>
#include <stdint.h>

/* The CPU's popcount instruction (the kernel file must be compiled with
 * the flag that allows it, e.g. -mpopcnt). */
static inline size_t adjeq_popcount64_insn(uint64_t x) {
#if defined(__GNUC__)
    return (size_t)__builtin_popcountll(x);
#else
    size_t n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
#endif
}

/* Branch-free SWAR sum for kernels that may not use the instruction; never
 * a libgcc call. */
static inline size_t adjeq_popcount64_soft(uint64_t x) {
    x -= (x >> 1) & UINT64_C(0x5555555555555555);
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
#if defined(__GNUC__)
    /* Opaque to the optimiser: GCC otherwise recognises the whole idiom and
     * emits POPCNT wherever the flags allow it (-msse4.2 and above do). */
    __asm__("" : "+r"(x));
#endif
    x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (size_t)((x * UINT64_C(0x0101010101010101)) >> 56);
}

#endif /* ADJEQ_POPCOUNT_H */
