/*
 * Deliberately wrong objects for the ISA-leak check's self-test (label isa):
 * each variant is built with flags beyond the role the check is told it has,
 * and the check must reject it. Never linked into anything.
 */
#include <stddef.h>
#include <stdint.h>

#if defined(ISA_BAD_ZMM) || defined(ISA_BAD_VBMI)
#  include <immintrin.h>
#elif defined(ISA_BAD_SSE2)
#  include <emmintrin.h>
#elif defined(ISA_BAD_SVE)
#  include <arm_sve.h>
#elif defined(ISA_BAD_NEON)
#  include <arm_neon.h>
#elif defined(ISA_BAD_POWER9)
#  include <altivec.h>
#elif defined(ISA_BAD_S390_VX) || defined(ISA_BAD_Z14)
#  include <vecintrin.h>
#elif defined(ISA_BAD_RVV)
#  include <riscv_vector.h>
#elif defined(ISA_BAD_SIMD128)
#  include <wasm_simd128.h>
#endif

int adjeq_isa_bad(const uint8_t *p);

int adjeq_isa_bad(const uint8_t *p) {
#if defined(ISA_BAD_ZMM) /* checked as the AVX2 kernel */
    __m512i v = _mm512_loadu_si512((const void *)p);
    return (int)_mm512_cmpeq_epi8_mask(v, _mm512_setzero_si512());
#elif defined(ISA_BAD_VBMI) /* checked as the AVX-512BW kernel */
    __m512i v = _mm512_loadu_si512((const void *)p);
    return (int)_mm512_cmpeq_epi8_mask(_mm512_permutexvar_epi8(v, v), v);
#elif defined(ISA_BAD_POPCNT) /* checked as baseline: -mpopcnt turns a builtin into POPCNT */
    uint64_t x;
    __builtin_memcpy(&x, p, sizeof x);
    return __builtin_popcountll(x);
#elif defined(ISA_BAD_SSE2) /* 32-bit x86, checked as baseline: SSE2 is optional there */
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()));
#elif defined(ISA_BAD_SVE) /* checked as the NEON kernel */
    svbool_t pg = svwhilelt_b8_u64(0, 7);
    return (int)svcntp_b8(pg, svcmpeq_n_u8(pg, svld1_u8(pg, p), 0));
#elif defined(ISA_BAD_NEON) /* ARMv7, checked as baseline: NEON is optional there */
    uint8x16_t v = vld1q_u8(p);
    return vgetq_lane_u8(vceqq_u8(v, vextq_u8(v, v, 1)), 0);
#elif defined(ISA_BAD_RVV) /* checked as baseline: V is optional on riscv64 */
    size_t vl = __riscv_vsetvl_e8m1(16);
    return (int)__riscv_vcpop_m_b8(__riscv_vmseq_vx_u8m1_b8(__riscv_vle8_v_u8m1(p, vl), 0, vl), vl);
#elif defined(ISA_BAD_ZBB) /* checked as the rvv kernel: Zbb turns a builtin into CPOP */
    uint64_t x;
    __builtin_memcpy(&x, p, sizeof x);
    return __builtin_popcountll(x);
#elif defined(ISA_BAD_SIMD128) /* a build without -msimd128, checked as baseline */
    v128_t v = wasm_v128_load(p);
    return wasm_i8x16_bitmask(wasm_i8x16_eq(v, wasm_i8x16_splat(0)));
#elif defined(ISA_BAD_LSE) /* checked as baseline: -march=armv8.1-a inlines CAS */
    static _Atomic int flag;
    int expected = 0;
    return __atomic_compare_exchange_n((int *)&flag, &expected, p[0], 0, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
#elif defined(ISA_BAD_POWER9) /* checked as the VSX kernel: -mcpu=power9 emits vcmpneb, lxv */
    __vector unsigned char v = vec_xl(0, p);
    return vec_extract((__vector unsigned char)vec_cmpne(v, vec_splats((unsigned char)0)), 0);
#elif defined(ISA_BAD_S390_VX) /* checked as baseline: the vector facility is dispatched */
    __vector unsigned char v = vec_xl(0, p);
    return vec_any_eq(v, vec_splats((unsigned char)0));
#elif defined(ISA_BAD_Z14) /* checked as the zvector kernel: short-float compares are z14 */
    __vector float v = vec_xl(0, (const float *)(const void *)p);
    return vec_any_eq(v, vec_splats(0.0f));
#else
#  error "define one ISA_BAD_* variant"
#endif
}
