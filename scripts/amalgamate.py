#!/usr/bin/env python3
"""Single-file build: writes adjeq.c and adjeq.h into a directory.

  /usr/bin/python3 scripts/amalgamate.py OUTDIR

adjeq.h is include/adjeq.h verbatim. adjeq.c is the whole library in one
translation unit that `cc -O2 -c adjeq.c` builds with no flags: each kernel
of kernels/registry.h is compiled for its ISA inside a target region
(#pragma GCC target, or #pragma clang attribute with clang) instead of with
per-file flags, so nothing outside a kernel uses its ISA. The generated files
are build output: never commit or edit them.

Where the text comes from:
  - the kernels and their order: kernels/registry.h;
  - each kernel's flags and the header its compile check includes:
    cmake/AdjeqKernels.cmake (the same adjeq_kernel() lines the CMake build
    uses, read through scripts/adjeq_sources.py); a kernel is compiled in when the target architecture matches, the
    compiler is recent enough for its target region and the header exists
    (__has_include), unless ADJEQ_DISABLE_<NAME> is defined;
  - the library's other sources: the src/*.c files of CMakeLists.txt's
    adjeq_objects;
  - the list of compiled kernels: cmake/adjeq_build_kernels.h.in, filled in
    with one preprocessor-selected entry per kernel.

Every source file is one "unit": its text with its local headers inlined.
Headers holding static definitions (the templates, portable.h, ...) are
inlined again in each unit that includes them, so their include guards and
macros are #undef'd at the unit's end, and each unit's static identifiers are
renamed with #define to a per-unit prefix: adjeq_k_<kernel>__ for kernels
(tests/isa_leak_check.py assigns a function with that prefix to the kernel's
role), adjeq_s_<file>__ for the other sources. Headers with declarations only
(ops.h, registry.h, ...) are emitted once, before the units.
"""
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import adjeq_sources  # noqa: E402
import adjeq_registry  # noqa: E402

SEARCH = [os.path.join(ROOT, d) for d in ("include", "src", "kernels")]
GENERATED = "adjeq_build_kernels.h"
LOCAL_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"\s*$')
SYSTEM_INCLUDE = re.compile(r'^\s*#\s*include\s+<([^>]+)>')
DEFINE = re.compile(r"^\s*#\s*define\s+(\w+)(\(([^)]*)\))?", re.M)
FEATURE_MACROS = re.compile(
    r"^#if[^\n]*\n(?:#\s*define\s+_(?:GNU|POSIX_C|DEFAULT|XOPEN)_SOURCE\b[^\n]*\n)+#endif[^\n]*\n", re.M)

# Architecture names of registry.h / AdjeqKernels.cmake -> predefined macros.
ARCH_CONDITION = {
    "x86_64": "(defined(__x86_64__) || defined(_M_X64))",
    # GCC 12's <immintrin.h> declares _Float16 types, which it accepts on
    # i386 only with SSE2 in the baseline (-msse2), whatever the target region.
    "x86": "((defined(__i386__) || defined(_M_IX86)) && (defined(__SSE2__) || defined(__clang__)))",
    "aarch64": "defined(__aarch64__)",
    "arm": "(defined(__arm__) && !defined(__aarch64__))",
    "ppc64le": "(defined(__powerpc64__) && defined(__LITTLE_ENDIAN__) && defined(__VSX__))",
    # GCC's and clang's <vecintrin.h> work only where the whole unit is built
    # with -mzvector (-fzvector), which a target region cannot turn on: the
    # kernel is in the single file when the unit is built so (__VEC__), and
    # dispatched on HWCAP_S390_VXRS as ever.
    "s390x": "(defined(__s390x__) && defined(__VEC__))",
    "riscv64": "(defined(__riscv) && __riscv_xlen == 64)",
    # No target regions on WebAssembly: a module holds SIMD128 only when the
    # whole build has -msimd128 (an engine validates all of it).
    "wasm": "(defined(__wasm__) && defined(__wasm_simd128__))",
}
# The oldest compilers whose target regions accept each target feature (with
# its intrinsics header): GCC's #pragma GCC target, clang's #pragma clang
# attribute (clang 9 and later for all of them).
GCC_MIN = {"sse2": 5, "avx2": 5, "popcnt": 5, "avx512f": 5, "avx512bw": 5, "avx512vbmi": 5,
           "fpu=neon": 8, "arch=armv8-a+sve": 10, "arch=z13": 5, "zvector": 5}
CLANG_MIN = 9
# Targets no target region can give: the kernel is compiled in only where the
# whole file is built for them (the macro), with no region. clang 19 declares
# RVV intrinsics by the file's -march, so a rv64gcv region lacks the 64-bit
# element ones; GCC 12 has no <riscv_vector.h> at all.
BASELINE_ONLY = {"arch=rv64gcv": "defined(__riscv_vector)"}


def die(msg):
    print(f"amalgamate: {msg}", file=sys.stderr)
    sys.exit(1)


def read(path):
    with open(path) as f:
        return f.read()


def find_header(name):
    for d in SEARCH:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return p
    return None


def cmake_kernels():
    """{name: [(arch, target string, header)]} from adjeq_kernel() lines."""
    out = {}
    for name, arch, flags, check in adjeq_sources.kernels():
        targets = []
        for flag in flags.split():
            if not flag.startswith("-m"):
                die(f"cannot turn the flag {flag} of kernel {name} into a target region")
            targets.append(flag[2:])
        header = re.search(r"#include <([^>]+)>", check)
        out.setdefault(name, []).append((arch, ",".join(targets), header.group(1) if header else None))
    return out


def has_definitions(text):
    return re.search(r"^static\b", text, re.M) is not None


def is_shared(name, memo={}):
    """Declarations only, here and in every local header it includes."""
    if name == GENERATED:
        return True
    if name not in memo:
        path = find_header(name)
        if not path:
            die(f"header {name} not found")
        text = read(path)
        memo[name] = not has_definitions(text) and all(
            is_shared(m.group(1)) for m in map(LOCAL_INCLUDE.match, text.splitlines()) if m)
    return memo[name]


def expand(path, seen, shared_out, shared_seen):
    """The file's text with its unit-local headers inlined once each; shared
    headers go to shared_out (once overall) and their lines are dropped."""
    out = []
    for line in read(path).splitlines():
        m = LOCAL_INCLUDE.match(line)
        if not m:
            out.append(line)
            continue
        name = m.group(1)
        if is_shared(name):
            if name not in shared_seen and name != GENERATED:
                shared_seen.add(name)
                shared_out.append(f"/* ---- {os.path.relpath(find_header(name), ROOT)} ---- */")
                shared_out.append(expand(find_header(name), set(), shared_out, shared_seen))
            continue
        if name in seen:
            continue
        seen.add(name)
        hp = find_header(name)
        out.append(f"/* ---- {os.path.relpath(hp, ROOT)} (inlined) ---- */")
        out.append(expand(hp, seen, shared_out, shared_seen))
    return "\n".join(out)


def static_names(text):
    """Identifiers a unit defines at file scope with internal linkage (and
    its typedefs and struct tags), which must not meet another unit's."""
    names = set()
    names.update(re.findall(r"^static\b[^;{=()]*?\b([A-Za-z_]\w*)\s*\(", text, re.M))
    names.update(re.findall(r"^static\b[^;(){]*?\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*[=;]", text, re.M))
    names.update(re.findall(r"^static\s+_Atomic\([^)]*\)\s*(\w+)", text, re.M))
    names.update(re.findall(r"^typedef\b[^;]*?\b(\w+)\s*;", text, re.M))
    names.update(re.findall(r"^struct\s+(\w+)\s*\{", text, re.M))
    # Functions a macro of the unit defines from one of its parameters, e.g.
    # ADJEQ_SVE_COUNT(sve_count_u8, ...), or pastes from one (name##_aligning
    # in TPL_WIDE_ENTRY).
    for m in DEFINE.finditer(text):
        if not m.group(2):
            continue
        params = [p.strip() for p in m.group(3).split(",")]
        body = text[m.end():text.find("\n", m.end()) + 2000]
        body = body.split("\n\n")[0]
        for fm in re.finditer(r"\bstatic\b[^;{=()]*?\b(\w+)(?:\s*##\s*(\w+))?\s*\(", body):
            if fm.group(1) not in params:
                continue
            k = params.index(fm.group(1))
            for inv in re.finditer(rf"^{m.group(1)}\(([^)]*)\)", text, re.M):
                args = [a.strip() for a in inv.group(1).split(",")]
                if len(args) > k:
                    names.add(args[k] + (fm.group(2) or ""))
    # Upper-case names are macros used in a declaration (static
    # ADJEQ_ATOMIC_PTR(T) x;), never a unit's own functions or variables.
    return sorted(n for n in names if not n.startswith("_") and not re.fullmatch(r"[A-Z0-9_]+", n)
                  and n not in ("const", "inline", "static"))


def region(kind, target):
    if kind == "begin":
        return "\n".join([
            "#if defined(__clang__)",
            f'#  pragma clang attribute push(__attribute__((target("{target}"))), apply_to = function)',
            "#else",
            "#  pragma GCC push_options",
            f'#  pragma GCC target("{target}")',
            "#endif"])
    return "\n".join(["#if defined(__clang__)", "#  pragma clang attribute pop", "#else",
                      "#  pragma GCC pop_options", "#endif"])


def unit(label, prefix, text, shared_macros):
    names = static_names(text)
    macros = sorted({m.group(1) for m in DEFINE.finditer(text)} - shared_macros - set(names))
    lines = [f"/* ======== {label} ======== */"]
    lines += [f"#define {n} {prefix}{n}" for n in names]
    lines.append(text)
    lines += [f"#undef {n}" for n in macros + names]
    return "\n".join(lines)


def gcc_condition(target):
    need = max([GCC_MIN.get(t, 0) for t in target.split(",")] or [0])
    if not all(t in GCC_MIN for t in target.split(",")):
        die(f"no minimum GCC version known for target {target}: add it to GCC_MIN")
    return (f"((defined(__clang__) && __clang_major__ >= {CLANG_MIN}) || "
            f"(defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= {need}))")


def generate(outdir):
    registry = adjeq_registry.kernels()
    flags = cmake_kernels()
    shared_out, shared_seen = [], set()
    units, gates = [], []
    for k in registry:
        name, upper = k["name"], k["id"]
        path = os.path.join(ROOT, "kernels", f"{name}.c")
        text = expand(path, set(), shared_out, shared_seen)
        if name == "scalar":
            gates.append(f"#define ADJEQ_HAVE_{upper} 1")
            units.append((f"kernels/{name}.c", f"adjeq_k_{name}__", text, None, None))
            continue
        if name not in flags:
            die(f"kernel {name} of registry.h has no adjeq_kernel() line in AdjeqKernels.cmake")
        # One variant per architecture the kernel builds for.
        for arch, target, header in flags[name]:
            if arch not in ARCH_CONDITION:
                die(f"unknown architecture {arch} for kernel {name}")
            cond = [ARCH_CONDITION[arch]]
            if target in BASELINE_ONLY:
                cond.append(BASELINE_ONLY[target])
                target = ""
            elif target:
                cond.append(gcc_condition(target))
            gates.append("\n".join([
                f"#if !defined(ADJEQ_DISABLE_{upper}) && !defined(ADJEQ_HAVE_{upper}) && "
                + " && ".join(cond),
                "#  if defined(__has_include)",
                f"#    if __has_include(<{header}>)" if header else "#    if 1",
                f"#      define ADJEQ_HAVE_{upper} 1",
                f"#      define ADJEQ_SF_TARGET_{upper}_{arch.upper()} 1",
                "#    endif",
                "#  else",
                f"#    define ADJEQ_HAVE_{upper} 1",
                f"#    define ADJEQ_SF_TARGET_{upper}_{arch.upper()} 1",
                "#  endif",
                "#endif"]))
            units.append((f"kernels/{name}.c ({arch}: {target or 'baseline'})",
                          f"adjeq_k_{name}__", text, f"ADJEQ_SF_TARGET_{upper}_{arch.upper()}", target))
    src_units = []
    feature_blocks = []
    for src in adjeq_sources.library_sources():
        text = expand(os.path.join(ROOT, src), set(), shared_out, shared_seen)
        for m in FEATURE_MACROS.finditer(text):
            feature_blocks.append(m.group(0))
        text = FEATURE_MACROS.sub("", text)
        stem = os.path.basename(src).split(".")[0]
        src_units.append((src, f"adjeq_s_{stem}__", text))

    shared_text = "\n".join(shared_out)
    shared_macros = {m.group(1) for m in DEFINE.finditer(shared_text)}
    tpl = read(os.path.join(ROOT, "cmake", "adjeq_build_kernels.h.in"))
    entries = []
    for k in registry:
        entries.append("\n".join([
            f"#if defined(ADJEQ_HAVE_{k['id']})",
            f"#  define ADJEQ_SF_KERNEL_{k['id']}(X) X({k['id']}, {k['name']})",
            "#else",
            f"#  define ADJEQ_SF_KERNEL_{k['id']}(X)",
            "#endif"]))
    build_kernels = "\n".join(entries) + "\n" + tpl.replace(
        "@ADJEQ_BUILD_KERNELS_LIST@", "".join(f" ADJEQ_SF_KERNEL_{k['id']}(X)" for k in registry))
    build_kernels = build_kernels.replace("Generated by cmake/AdjeqKernels.cmake",
                                          "Generated by scripts/amalgamate.py")

    out = [
        "/* adjeq.c: the adjeq library in one translation unit, generated by",
        " * scripts/amalgamate.py from the adjeq source tree. Do not edit.",
        " * Build: cc -O2 -c adjeq.c (next to adjeq.h); link with -pthread where",
        " * POSIX threads exist (ADJEQ_NO_PTHREADS: adjeq_count_parallel counts on",
        " * one thread). ADJEQ_DISABLE_<KERNEL> leaves a kernel out. Each kernel",
        " * is compiled for its ISA in its own target region; everything else",
        " * stays at the compiler's baseline. */",
        *feature_blocks,
        "#define ADJEQ_BUILDING 1",
        "/* Header helpers inlined here are unused in some units (clang warns",
        " * about unused static inline functions in a .c file, not in headers). */",
        "#if defined(__clang__)",
        '#  pragma clang diagnostic ignored "-Wunused-function"',
        "#endif",
        "/* ---- kernels compiled in: registry.h x AdjeqKernels.cmake ---- */",
        *gates,
        "#if !defined(ADJEQ_HAVE_PTHREADS) && !defined(ADJEQ_NO_PTHREADS) && \\",
        "    (defined(__unix__) || defined(__APPLE__))",
        "#  define ADJEQ_HAVE_PTHREADS 1",
        "#endif",
        '#include "adjeq.h"',
        f"/* ---- {GENERATED} ---- */",
        build_kernels,
        shared_text,
    ]
    for label, prefix, text, cond, target in units:
        body = unit(label, prefix, text, shared_macros)
        if cond:
            body = "\n".join([f"#if defined({cond})", region("begin", target) if target else "",
                              body, region("end", target) if target else "", f"#endif /* {cond} */"])
        out.append(body)
    for label, prefix, text in src_units:
        out.append(unit(label, prefix, text, shared_macros))
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "adjeq.c"), "w") as f:
        f.write("\n".join(out) + "\n")
    with open(os.path.join(outdir, "adjeq.h"), "w") as f:
        f.write(read(os.path.join(ROOT, "include", "adjeq.h")))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        die("usage: amalgamate.py OUTDIR")
    generate(sys.argv[1])
