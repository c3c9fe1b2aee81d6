#!/usr/bin/env python3
"""ISA-leak check: disassembles the library's objects and fails if any object
uses instructions beyond what the dispatcher checks before running it.

Code outside a kernel's own file runs on every CPU, so it must stay at the
baseline ISA (x86-64: no VEX/EVEX encodings, no ymm/zmm/opmask registers, no
SSE3+/POPCNT/LZCNT; 32-bit x86 (i686): the same, and no SSE registers at all,
since SSE2 is a dispatched kernel there; AArch64: no SVE, no LSE atomics; ARMv7: no NEON;
ppc64le: nothing from POWER9/10; s390x: no vector instructions; riscv64: rv64gc, no V;
WebAssembly without -msimd128: no SIMD128). A kernel file may use
what its dispatch condition checks and nothing more: an AVX-512 instruction in
the AVX2 kernel, or VBMI in the kernel selected on AVX-512BW alone, is a
SIGILL on some CPU. Compilers insert such instructions on their own (xxHash
#763, zlib-ng #1985), so this reads the machine code, not the source.

  isa_leak_check.py --objdump OBJDUMP --arch x86_64|x86|aarch64|arm|ppc64le|s390x|riscv64|wasm [--role ROLE]
                    [--expect-violation] ARCHIVE_OR_OBJECT...

Each object's role is its file name (avx2.c.o or Meson's kernels_avx2.c.o ->
avx2; dispatch.c.o and any
other non-kernel file -> baseline) unless --role forces one. Within an object,
a function named adjeq_k_<kernel>__* (the prefix scripts/amalgamate.py gives
each kernel's functions in the single-file adjeq.c, including compiler clones
such as .constprop.0) takes that kernel's role, so one object can hold every
role: in the single-file object everything else is baseline. Exit 0 clean,
1 violations, 2 usage or tool error. --expect-violation inverts the verdict,
for the self-test that proves the check can fail.
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import adjeq_registry  # noqa: E402

# --- x86-64 -------------------------------------------------------------------
X86_LEGACY_PREFIXES = {"26", "2e", "36", "3e", "64", "65", "67"}

# Non-VEX instructions beyond the x86-64 baseline (SSE2).
X86_BEYOND_BASELINE = re.compile(
    r"^(popcnt|lzcnt|tzcnt|crc32|movbe|"
    # SSE3
    r"addsubp[sd]|hadd[p][sd]|hsubp[sd]|lddqu|movddup|movs[hl]dup|"
    # SSSE3
    r"pshufb|phadd[wd]|phaddsw|phsub[wd]|phsubsw|pmaddubsw|pmulhrsw|psign[bwd]|"
    r"pabs[bwd]|palignr|"
    # SSE4.1 / 4.2
    r"ptest|pblendvb|pblendw|blendv?p[sd]|pmin(sb|sd|ud|uw)|pmax(sb|sd|ud|uw)|"
    r"pmulld|pmuldq|pcmpeqq|pcmpgtq|packusdw|pmov[sz]x\w+|pextr[bdq]|pinsr[bdq]|"
    r"insertps|extractps|dpp[sd]|mpsadbw|phminposuw|round[ps][sd]|movntdqa|"
    r"pcmp[ei]str[im])$")
# VEX-encoded extensions that AVX2's dispatch condition does not cover.
X86_NOT_AVX2 = re.compile(
    r"^(andn|bextr|blsi|blsmsk|blsr|bzhi|mulx|pdep|pext|rorx|sarx|shlx|shrx|"
    r"vfn?m(add|sub)\w*|vcvtph2ps|vcvtps2ph|lzcnt|tzcnt)$")
# AVX-512 subsets beyond F+BW (and DQ's byte-opmask forms).
X86_VBMI = re.compile(r"^(vpermb|vpermi2b|vpermt2b|vpmultishiftqb)$")
X86_NOT_AVX512BW = re.compile(
    r"^(vpcompress[bw]|vpexpand[bw]|vpshld\w*|vpshrd\w*|vpopcnt[bwdq]|vpshufbitqmb|"
    r"vpdpbusds?|vpdpwssds?|vpmadd52\w+|vgf2p8\w+|vaes\w+|vpclmulqdq|vpconflict\w|"
    r"vplzcnt\w|k\w+b|vpmullq|vpmovm2[dq]|vpmov[dq]2m|vfpclass\w+|vrange\w+|vreduce\w+|"
    r"andn|bextr|blsi|blsmsk|blsr|bzhi|mulx|pdep|pext|rorx|sarx|shlx|shrx|"
    r"vfn?m(add|sub)\w*|lzcnt|tzcnt)$")
X86_REG_YMM = re.compile(r"%ymm\d+")
X86_REG_ZMM = re.compile(r"%zmm\d+")
X86_REG_K = re.compile(r"%k[0-7]\b")
X86_REG_HIGH16 = re.compile(r"%[xy]mm(1[6-9]|2\d|3[01])\b")


# Any SSE/MMX register: none is baseline on i686.
X86_REG_SIMD = re.compile(r"%(x|y|z)?mm\d+")


def x86_encoding(raw_bytes, bits=64):
    for i, b in enumerate(raw_bytes):
        if b in X86_LEGACY_PREFIXES:
            continue
        enc = {"c4": "VEX", "c5": "VEX", "62": "EVEX"}.get(b, "legacy")
        # In 32-bit mode C4/C5/62 are also LES/LDS/BOUND; they are VEX/EVEX
        # only when the next byte's top two bits are set (a register ModRM
        # for the legacy forms, which those instructions do not allow).
        if bits == 32 and enc != "legacy":
            if i + 1 >= len(raw_bytes) or int(raw_bytes[i + 1], 16) < 0xc0:
                return "legacy"
        return enc
    return "legacy"


def x86_problems(role, mnemonic, operands, raw_bytes, bits=64):
    enc = x86_encoding(raw_bytes, bits)
    base = mnemonic.split(".")[0]
    if bits == 32 and role in ("baseline", "scalar") and X86_REG_SIMD.search(operands):
        return "SSE/MMX register outside the SIMD kernels (i686 has no SSE2 baseline)"
    if role in ("baseline", "scalar", "sse2"):
        if enc != "legacy":
            return f"{enc} encoding outside the AVX kernels"
        if X86_REG_YMM.search(operands) or X86_REG_ZMM.search(operands) or X86_REG_K.search(operands):
            return "AVX register outside the AVX kernels"
        if X86_BEYOND_BASELINE.match(base):
            return "instruction beyond the x86-64 baseline"
        return None
    if role == "avx2":
        if enc == "EVEX":
            return "EVEX (AVX-512) encoding in the AVX2 kernel"
        if X86_REG_ZMM.search(operands) or X86_REG_K.search(operands) or X86_REG_HIGH16.search(operands):
            return "AVX-512 register in the AVX2 kernel"
        # POPCNT is part of the AVX2 kernel's dispatch condition.
        if X86_NOT_AVX2.match(base) or (enc == "legacy" and base != "popcnt"
                                        and X86_BEYOND_BASELINE.match(base)):
            return "instruction the AVX2 dispatch condition does not check"
        return None
    if role in ("avx512bw", "avx512vbmi"):
        if role == "avx512bw" and X86_VBMI.match(base):
            return "VBMI instruction in the kernel selected on AVX-512BW"
        if X86_NOT_AVX512BW.match(base):
            return f"instruction beyond the {role} dispatch condition"
        # vmovd/vmovq between a GPR and xmm16-31 (GCC parks a value there
        # when general registers run out) are AVX512F, not AVX512VL.
        if (enc == "EVEX" and not X86_REG_ZMM.search(operands)
                and re.search(r"%[xy]mm", operands) and base not in ("vmovd", "vmovq")):
            return "EVEX on xmm/ymm needs AVX512VL, which dispatch does not check"
        return None
    return f"unknown role {role}"


# --- AArch64 --------------------------------------------------------------------
A64_SVE_REG = re.compile(r"\b(z([0-9]|[12][0-9]|3[01])\.[bhsdq]|z([0-9]|[12][0-9]|3[01])\b|"
                         r"p([0-9]|1[0-5])(/[zm]|\.[bhsd])|ffr)\b")
A64_SVE_SCALAR = re.compile(
    r"^(addvl|addpl|rdvl|cnt[bhwd]|inc[bhwd]|dec[bhwd]|incp|decp|[su]q(inc|dec)[bhwdp]|"
    r"while(lo|ls|lt|le|hi|hs|gt|ge)|ptrues?|pfalse|ptest|cntp|setffr|rdffr|wrffr|"
    r"brk[ab]s?|brkp[ab]s?|brkns?|pfirst|pnext|ld1r[bhwdq]|ldnf1\w*|ldff1\w*)$")
A64_SVE2 = re.compile(
    r"^(n?match|histcnt|histseg|eor3|bcax|bsl[12]?n|nbsl|xar|tbx|addhnb|addhnt|"
    r"[su]addl[bt]|[su]subl[bt]|[su]ml[as]l[bt]|sqdmulh|sqrdmlah|sqrdmlsh|"
    r"whilerw|whilewr|ldnt1\w*|stnt1\w*|aes[ed]|aesi?mc|sm4e\w*|rax1|bdep|bext|bgrp)$")
A64_LSE = re.compile(r"^(cas[pab]*l?|cas[pa]?l?[bh]?|ld(add|clr|eor|set|smax|smin|umax|umin)"
                     r"[al]*[bh]?|st(add|clr|eor|set|smax|smin|umax|umin)l?[bh]?|swp[al]*[bh]?)$")


def a64_problems(role, mnemonic, operands, _raw):
    uses_sve = bool(A64_SVE_REG.search(operands)) or bool(A64_SVE_SCALAR.match(mnemonic))
    if A64_LSE.match(mnemonic):
        return "LSE atomic (ARMv8.1): not baseline and not checked by dispatch"
    if role == "sve":
        if A64_SVE2.match(mnemonic) and uses_sve:
            return "SVE2 instruction in the kernel selected on SVE"
        return None
    if uses_sve:
        return "SVE instruction outside the SVE kernel"
    return None


# --- 32-bit Arm (ARMv7-A, VFPv3-D16 hard float: Debian armhf) -----------------
ARM_NEON_REG = re.compile(r"\bq([0-9]|1[0-5])\b|\bd(1[6-9]|2[0-9]|3[01])\b")
ARM_NEON_BASE = re.compile(
    r"^(vld[1-4]|vst[1-4]|vext|vdup|vpaddl|vpadal|vpadd|vtbl|vtbx|vzip|vuzp|vtrn|"
    r"vrev(16|32|64)|vbsl|vbif|vbit|vswp|vmovl|vmovn|vqmovu?n|vcnt|vclz|vcls|vceq|vcge|"
    r"vcgt|vcle|vclt|vtst|vand|vorr|veor|vbic|vorn|vmvn|vshr|vshl|vsra|vsri|vsli|vrshr|"
    r"vqshl|vqadd|vqsub|vhadd|vrhadd|vabd|vaba|vabal|vabdl|vmax|vmin|vaddl|vaddw|vsubl|"
    r"vsubw|vmull|vmlal|vmlsl|vrecpe|vrsqrte|vrecps|vrsqrts)$")
# Integer element types (VFP itself only knows .f32/.f64, .s32/.u32 in vcvt, .32).
ARM_NEON_TYPE = re.compile(r"\.(i8|i16|i32|i64|u8|s8|u16|s16|u64|s64|p8|p16|p64|8|16|64)$")
# ARMv8 AArch32 instructions: never right in an ARMv7 build.
ARM_V8 = re.compile(r"^(aes\w+|sha1\w+|sha256\w+|crc32\w*|vrint\w+|vsel\w+|vmaxnm|vminnm|"
                    r"vcvt[anpm]|lda\w*|stl\w*)$")


BRANCH_TARGET = re.compile(r"\b[0-9a-f]+\s+<[^>]*>")


def arm_problems(role, mnemonic, operands, _raw):
    base, _, _ = mnemonic.partition(".")
    # A branch target's address (`beq.n d26 <f+0xf2>`) is not a register.
    operands = BRANCH_TARGET.sub("", operands)
    if ARM_V8.match(base):
        return "ARMv8 instruction in an ARMv7 build"
    if role == "neon":
        return None
    if (ARM_NEON_REG.search(operands) or ARM_NEON_BASE.match(base)
            or (base.startswith("v") and ARM_NEON_TYPE.search(mnemonic))):
        return "NEON outside the NEON kernel (optional on ARMv7, checked by HWCAP_NEON)"
    return None


# --- ppc64le (POWER8, ISA 2.07 with VSX: the ELFv2 baseline) -----------------
# Everything up to ISA 2.07 (VMX, VSX, vbpermq, popcntd) runs on every
# ppc64le CPU, so the vsx kernel and baseline code share one rule: nothing
# from ISA 3.0 (POWER9) or 3.1 (POWER10), which dispatch does not check.
PPC_ISA3 = re.compile(
    r"^(lxvx|stxvx|lxv|stxv|lxvl|lxvll|stxvl|stxvll|lxvb16x|lxvh8x|stxvb16x|stxvh8x|lxvwsx|"
    r"lxsd|lxssp|stxsd|stxssp|lxsi[bh]zx|stxsi[bh]x|mtvsrws|mtvsrdd|mfvsrld|xxpermr?|"
    r"xxextractuw|xxinsertw|xxbr[hwdq]|xxspltib|vcmpnez?[bhw]\.?|vclzlsbb|vctzlsbb|"
    r"vextu[bhw][lr]x|vextract(u[bhw]|d)|vinsert[bhwd]|vpermr|vneg[wd]|vprtyb[wdq]|"
    r"vrl[wd](mi|nm)|vslv|vsrv|vmul10\w*|vbpermd|vabsdu[bhw]|vctz[bhwd]|vexts[bhw]2[wd]|"
    r"cnttz[wd]\.?|darn|setb|mod[su][wd]|madd(hd|hdu|ld)|cmprb|cmpeqb|extswsli\.?|addpcis|"
    r"lnia|copy|paste\.?|mcrxrx|xs\w+qp\w*|xscmpexp\w+|xscvhpdp|xscvdphp|xsiexp\w+|"
    r"xsxexp\w+|xsxsig\w+|xststdc\w+|xvtstdc\w+|xviexp\w+|xvxexp\w+|xvxsig\w+|xvcvhpsp|"
    r"xvcvsphp|xscmp(eq|ge|gt)dp|xs(max|min)[cj]dp|"
    # ISA 3.1: prefixed loads, stores and immediates; POWER10 vector additions
    r"p(lb|lh|lw|ld|lq|st[bhwdq]?|lxv|stxv|lxsd|stxsd|lxssp|stxssp|lfs|lfd|stfs|stfd|"
    r"addi|li|la|lwa|lhz|lha|lbz|lwz|std|stw|sth|stb|lxvp|stxvp)|"
    r"lxvp|stxvp|lxvpx|stxvpx|lxvkq|lxvr[bhwd]x|stxvr[bhwd]x|xxsplti(w|dp|32dx)|"
    r"xxblendv[bhwd]|xxpermx|xxeval|xxgenpcv\w+|setn?bcr?|vextdu[bhw]v[lr]x|vins[bhwd]\w*|"
    r"vstri[bh][lr]\.?|vcntm[bhwd]|vexpand\w+|vextract[bhwdq]m|mtvsr[bhwdq]mi?|br[hwd]|"
    r"pdepd|pextd|cfuged|cntlzdm|cnttzdm|vclzdm|vctzdm|vgnb|vpdepd|vpextd|vcfuged|"
    r"v(div|mod|dive)[su][wdq]|vmulh[su][wd]|vmul[eo][su]d|vmulld|xvcvbf16spn|xvcvspbf16|"
    r"xv\w*ger\w*|xxm[ft]acc|xxsetaccz|vsldbi|vsrdbi|vstribr|vcmpuq|vcmpsq|vcmp(eq|gt[su])q\.?)$")


def ppc_problems(role, mnemonic, _operands, _raw):
    if PPC_ISA3.match(mnemonic):
        return "POWER9/10 instruction (ISA 3.0/3.1): beyond the POWER8 baseline"
    return None


# --- s390x (Debian's baseline: z196, no vector facility) ----------------------
# Vector instructions (all spelled v... or w..., on %v registers) only in the
# zvector kernel, which dispatch selects on HWCAP_S390_VXRS; and there only
# the z13 vector facility, not the z14/z15 enhancements (short-float forms,
# vbperm, vnx, ...), which that check does not cover.
S390_VREG = re.compile(r"%v\d+")
S390_VECTOR = re.compile(r"^(v\w+|w[cf]\w+|wl\w+|lcbb)$")
S390_BEYOND_Z13 = re.compile(
    r"^([vw]f\w*sbs?|[vw]f\w*xbs?|vbperm|vn[nx]|voc|vmsl\w*|vf(max|min)\w*|[vw]fn?m[as]\w*sb|"
    r"vlrlr?|vstrlr?|vlip|vsld|vsrd|vstrs\w*|vlbr\w*|vler\w*|vstbr\w*|vster\w*|vllebrz\w*|"
    r"vlebr[hfg]|vstebr[hfg]|vlbrrep\w*|vcfp[sl]|vc[sl]fp|vcrnf|vcfn|vclfn[hl]|vcnf|vclzdp|"
    r"vschp|vsch[sdx]p|vpkzr|vsrpr|vupkz[hl]|vtp|vap|vsp|vmp|vmsp|vdp|vrp|vcp|vcvbg?|vcvdg?|"
    r"vlrl|vstrl|vsdp|vpsop|vsrp|vupkzh|vupkzl)$")


def s390_problems(role, mnemonic, operands, _raw):
    vector = bool(S390_VREG.search(operands)) or bool(S390_VECTOR.match(mnemonic))
    if role == "zvector":
        if S390_BEYOND_Z13.match(mnemonic):
            return "z14+ vector enhancement in the kernel selected on the z13 vector facility"
        return None
    if vector:
        return "vector instruction outside the zvector kernel (not in the z196 baseline)"
    return None


# --- riscv64 (baseline rv64gc; the rvv kernel: rv64gcv) ------------------------
# Every V instruction's mnemonic starts with "v" (no base or G/C one does);
# V state is also reached through its CSRs. Objects are disassembled with
# --mattr=+v: LLVM's objdump otherwise decodes by the object's own
# attributes, and a baseline object's stray V instruction would be <unknown>.
RV_V_CSR = re.compile(r"\b(vl|vtype|vlenb|vstart|vxrm|vxsat|vcsr)\b")
# Bit manipulation (Zba/Zbb/Zbs) and vector crypto/bit extensions: in neither
# rv64gc nor rv64gcv, so in no role.
RV_NOT_GCV = re.compile(
    r"^(sh[123]add(\.uw)?|add\.uw|slli\.uw|andn|orn|xnor|clzw?|ctzw?|cpopw?|max|maxu|min|"
    r"minu|sext\.[bh]|zext\.[hw]|rolw?|rorw?|roriw?|orc\.b|rev8|b(clr|ext|inv|set)i?|"
    r"vandn|vbrev8?|vrev8|vclz|vctz|vcpop\.v|vrol|vror|vwsll|vclmulh?|vghsh|vgmul|vaes\w*|"
    r"vsha2\w*|vsm[34]\w*)$")


def rv_problems(role, mnemonic, operands, _raw):
    if mnemonic == "<unknown>":
        return "an encoding not in rv64gcv"
    if RV_NOT_GCV.match(mnemonic):
        return "instruction beyond rv64gcv (Zb*, vector crypto): not checked by dispatch"
    if role == "rvv":
        return None
    if mnemonic.startswith("v") or (mnemonic.startswith("csr") and RV_V_CSR.search(operands)):
        return "V instruction outside the rvv kernel (dispatch checks V)"
    return None


# --- WebAssembly ------------------------------------------------------------------
# An engine validates the whole module before running any of it, so a build
# with -msimd128 may use SIMD128 in every object (tests/isa_leak.cmake does
# not check it), and one without must use it in none: there is no dispatch.
WASM_SIMD = re.compile(r"^(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\.")


def wasm_problems(role, mnemonic, operands, _raw):
    if role != "simd128" and WASM_SIMD.match(mnemonic):
        return "SIMD128 in a module built without -msimd128 (engines without SIMD reject it)"
    return None


# A kernel's object may use what its dispatch condition checks; every other
# object is baseline. The per-role rules above must cover each kernel of its
# architecture (an unknown role is reported as a violation).
KERNEL_ROLES = {k["name"] for k in adjeq_registry.kernels()}
# GNU: "  4:\t48 89 f8   \tmov ..."; LLVM: "  4: 00a5e063     \tbltu ...".
INSN = re.compile(r"^\s*([0-9a-f]+):\s+([0-9a-f ]+?)\s*\t(.*)$")
MEMBER = re.compile(r"^(\S+):\s+file format ")
FUNCTION = re.compile(r"^[0-9a-f]+ <(.+)>:$")


FUNCTION_ROLE = re.compile(r"^adjeq_k_([a-z0-9]+)__")


def role_of(member):
    # LLVM's objdump names archive members "lib.a(dispatch.c.o)".
    if member.endswith(")") and "(" in member:
        member = member[member.rindex("(") + 1:-1]
    stem = member.split("/")[-1].split(".")[0]
    # Meson names kernels/avx2.c's object kernels_avx2.c.o.
    if stem.startswith("kernels_"):
        stem = stem[len("kernels_"):]
    return stem if stem in KERNEL_ROLES else "baseline"


def role_of_function(function, member_role):
    m = FUNCTION_ROLE.match(function)
    if m and m.group(1) in KERNEL_ROLES:
        return m.group(1)
    return member_role


def check(args):
    problems_of = {"x86_64": x86_problems,
                   "x86": lambda *a: x86_problems(*a, bits=32),
                   "aarch64": a64_problems, "arm": arm_problems,
                   "ppc64le": ppc_problems, "s390x": s390_problems, "riscv64": rv_problems,
                   "wasm": wasm_problems}[args.arch]
    # LLVM's objdump for riscv64 (see rv_problems); GNU objdump elsewhere.
    options = {"riscv64": ["--mattr=+v"], "wasm": []}.get(args.arch, ["-w", "--insn-width=16"])
    try:
        text = subprocess.run([args.objdump, "-d", *options, *args.files],
                              check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"isa_leak_check: cannot run {args.objdump}: {e}", file=sys.stderr)
        return None
    member, function, member_role, role = "?", "?", "baseline", "baseline"
    violations, counts = [], {}
    for line in text.splitlines():
        m = MEMBER.match(line)
        if m:
            member = m.group(1)
            member_role = role = args.role or role_of(member)
            counts.setdefault((member, role), 0)
            continue
        m = FUNCTION.match(line)
        if m:
            function = m.group(1)
            role = args.role or role_of_function(function, member_role)
            continue
        m = INSN.match(line)
        if not m:
            continue
        raw_bytes = m.group(2).split()
        fields = m.group(3).split(None, 1)
        if not fields:
            continue
        mnemonic = fields[0]
        # Skip x86 prefixes objdump prints as separate words (rep, lock, data16, notrack, bnd).
        while mnemonic in ("rep", "repz", "repnz", "repe", "repne", "lock", "data16",
                           "notrack", "bnd", "cs", "ds") and len(fields) > 1:
            fields = fields[1].split(None, 1)
            mnemonic = fields[0]
        operands = fields[1] if len(fields) > 1 else ""
        counts[(member, role)] = counts.get((member, role), 0) + 1
        problem = problems_of(role, mnemonic, operands, raw_bytes)
        if problem:
            violations.append(f"{member} [{role}] {function}: {mnemonic} {operands}  <- {problem}")
    for (member, role), n in sorted(counts.items()):
        print(f"  {member:28} role {role:10} {n:6} instructions")
    if not counts:
        print("isa_leak_check: no objects disassembled", file=sys.stderr)
        return None
    return violations


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--objdump", required=True)
    parser.add_argument("--arch", required=True,
                        choices=["x86_64", "x86", "aarch64", "arm", "ppc64le", "s390x", "riscv64",
                                 "wasm"])
    parser.add_argument("--role", choices=sorted(KERNEL_ROLES | {"baseline"}))
    parser.add_argument("--expect-violation", action="store_true")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    violations = check(args)
    if violations is None:
        return 2
    for v in violations[:50]:
        print("ISA LEAK:", v)
    if len(violations) > 50:
        print(f"... and {len(violations) - 50} more")
    if args.expect_violation:
        print("self-test:", "the check rejects this object, as it must" if violations
              else "NO VIOLATION FOUND in an object built to have one")
        return 0 if violations else 1
    print(f"isa_leak_check: {len(violations)} violation(s)")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
