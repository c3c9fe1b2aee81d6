#!/usr/bin/python3
"""Summarise an adjeq_bench JSON file: a table a person reads at a glance and
a PNG plot of speed against buffer size.

    report.py RESULTS.json [MORE.json ...] [--plot PLOT.png]

Several files (the pinned run and the unpinned --adjeq_parallel run) are
merged into one report.

Speeds are GB/s = 1e9 bytes per second (Google Benchmark's console prints
binary G/s). With --benchmark_repetitions the median is used, or with --best
the fastest repetition: on a host whose neighbours take the core in bursts
(docs/benchmarks.md, Zen 3), the fastest of interleaved repetitions
(--benchmark_enable_random_interleaving) is the one the neighbours disturbed
least, and comparing fastest with fastest is what the A/B tool does. Exits 1 if any
benchmark reported an error (a wrong count), so CI notices.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
from collections import OrderedDict

ARTICLE = ("article", 1000000, 0)
BYTE_SHAPES = ("article", "letters", "equal", "alternating", "bytes")
MODE_SHAPES = ("u16", "u32", "utf8", "utf8_ascii")


def human_size(n):
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale and n % scale == 0:
            return "%d %s" % (n // scale, unit)
    return "%d B" % n


def load(path, best=False):
    """Returns (context, speeds, labels, errors); speeds maps
    impl -> {(shape, size, offset): bytes per second}, in registration
    order; with best, each cell is its fastest repetition."""
    with open(path) as f:
        doc = json.load(f)
    # Registration order, which --benchmark_enable_random_interleaving
    # shuffles in the file (a stable sort keeps repetitions in order).
    runs = sorted(doc.get("benchmarks", []),
                  key=lambda r: (r.get("family_index", 0),
                                 r.get("per_family_instance_index", 0)))
    have_median = not best and any(r.get("aggregate_name") == "median" for r in runs)
    samples = OrderedDict()
    labels, errors = {}, []
    for r in runs:
        impl, shape, size, offset = r["run_name"].split("/")[:4]
        key = (shape, int(size), int(offset))
        if r.get("error_occurred"):
            errors.append("%s: %s" % (r["name"], r.get("error_message", "error")))
            continue
        if have_median != (r.get("aggregate_name") == "median"):
            continue
        if best and r.get("run_type") == "aggregate":
            continue
        if "bytes_per_second" not in r:
            continue
        samples.setdefault(impl, OrderedDict()).setdefault(key, []).append(
            r["bytes_per_second"])
        if r.get("label"):
            labels[impl] = r["label"]
    speeds = OrderedDict(
        (impl, {k: max(v) if best else sum(v) / len(v) for k, v in cells.items()})
        for impl, cells in samples.items())
    return doc.get("context", {}), speeds, labels, errors


def lscpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True,
                             env=dict(os.environ, LC_ALL="C")).stdout
    except OSError:
        return None
    for line in out.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return None


def cpu_model(context):
    # lscpu names the CPU best (also on Arm), but only for this host.
    if context.get("host_name") == socket.gethostname():
        model = lscpu_model()
        if model:
            return model
    return context.get("cpu_model", "unknown CPU")


def cache_sizes(context):
    """[(name, bytes)] of the data caches one core sees: from the JSON context
    (Google Benchmark reads sysfs), else from sysfs directly."""
    caches = [(c["level"], c["size"]) for c in context.get("caches", [])
              if c.get("type") in ("Data", "Unified")]
    if not caches:
        base = "/sys/devices/system/cpu/cpu0/cache"
        for entry in sorted(os.listdir(base)) if os.path.isdir(base) else []:
            try:
                read = lambda name: open(os.path.join(base, entry, name)).read().strip()
                if read("type") in ("Data", "Unified"):
                    size = read("size")
                    scale = {"K": 1 << 10, "M": 1 << 20}.get(size[-1], 1)
                    caches.append((int(read("level")), int(size.rstrip("KM")) * scale))
            except (OSError, ValueError):
                pass
    return [("L%d" % level + ("d" if level == 1 else ""), size)
            for level, size in sorted(set(caches))]


def is_read(impl):
    return impl.startswith("read")


def row_order(speeds, shapes=BYTE_SHAPES):
    """Implementations with results on any of these shapes, reads last."""
    impls = [i for i in speeds if any(k[0] in shapes for k in speeds[i])]
    return [i for i in impls if not is_read(i)] + [i for i in impls if is_read(i)]


def row_name(impl, labels):
    return "%s (%s)" % (impl, labels[impl]) if impl in labels else impl


def gbps(bps):
    return "%.1f" % (bps / 1e9) if bps is not None else "-"


def print_table(title, header, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    print(title)
    fmt = "  ".join(("{:<%d}" if i == 0 else "{:>%d}") % w for i, w in enumerate(widths))
    print(fmt.format(*header))
    for row in rows:
        print(fmt.format(*row))
    print()


def main_table(speeds, labels):
    sweep = sorted({k[1] for cells in speeds.values() for k in cells
                    if k[0] == "letters" and k[2] == 0})
    roof = max((speeds[i].get(ARTICLE, 0) for i in speeds if is_read(i)), default=0)
    article = speeds.get("article", {}).get(ARTICLE)
    header = ["implementation"] + [human_size(s) for s in sweep] + [
        "article GB/s", "x article", "% roofline"]
    rows = []
    for impl in row_order(speeds):
        cells = speeds[impl]
        here = cells.get(ARTICLE)
        ratio = "%.1fx" % (here / article) if here and article else "-"
        share = "%.0f%%" % (100 * here / roof) if here and roof else "-"
        rows.append([row_name(impl, labels)] +
                    [gbps(cells.get(("letters", s, 0))) for s in sweep] +
                    [gbps(here), ratio, share])
    print_table("GB/s by buffer size (random letters, aligned); the last three "
                "columns are the article's workload (1,000,000 random letters)",
                header, rows)


def shape_tables(speeds, labels):
    variants = {}
    for cells in speeds.values():
        for shape, size, offset in cells:
            if (shape, offset) != ("letters", 0) and shape in BYTE_SHAPES[2:]:
                variants.setdefault(size, set()).add((shape, offset))
    order = ["letters", "equal", "alternating", "bytes"]
    for size in sorted(variants):
        cols = [("letters", 0)] + sorted(
            variants[size], key=lambda v: (v[1] != 0, order.index(v[0]), v[1]))
        header = ["implementation"] + [
            s if o == 0 else "offset %d" % o for s, o in cols] + ["spread"]
        rows = []
        for impl in row_order(speeds):
            vals = [speeds[impl].get((s, size, o)) for s, o in cols]
            got = [v for v in vals if v]
            spread = "%.0f%%" % (100 * (max(got) - min(got)) / max(got)) if len(got) > 1 else "-"
            rows.append([row_name(impl, labels)] + [gbps(v) for v in vals] + [spread])
        print_table("GB/s by data shape and start offset at %s (spread = (max-min)/max)"
                    % human_size(size), header, rows)


# Vector width of each kernel and Highway target, to compare it with the
# streaming read of its own width.
KERNEL_BITS = {"sse2": 128, "avx2": 256, "avx512bw": 512, "avx512vbmi": 512, "neon": 128,
               "vsx": 128, "zvector": 128}
HIGHWAY_BITS = {"AVX3": 512, "AVX3_DL": 512, "AVX3_ZEN4": 512, "AVX3_SPR": 512,
                "AVX2": 256, "SSE4": 128, "SSSE3": 128, "SSE2": 128, "NEON": 128}


def width_of(impl, labels):
    if impl == "adjeq_count":
        return KERNEL_BITS.get(labels.get(impl))
    if impl == "highway":
        return HIGHWAY_BITS.get(labels.get(impl))
    return KERNEL_BITS.get(impl)


def same_width_table(speeds, labels):
    sweep = sorted({k[1] for cells in speeds.values() for k in cells
                    if k[0] == "letters" and k[2] == 0})
    header = ["implementation", "vs"] + [human_size(s) for s in sweep] + ["article"]
    rows = []
    for impl in row_order(speeds):
        bits = width_of(impl, labels)
        read = speeds.get("read%d" % bits) if bits else None
        if not read:
            continue
        keys = [("letters", s, 0) for s in sweep] + [ARTICLE]
        cells = []
        for k in keys:
            here, limit = speeds[impl].get(k), read.get(k)
            cells.append("%.0f%%" % (100 * here / limit) if here and limit else "-")
        rows.append([row_name(impl, labels), "read%d" % bits] + cells)
    if rows:
        print_table("Share of the streaming read of the same vector width (random letters, aligned)",
                    header, rows)


def summary_line(speeds, labels):
    mine = speeds.get("adjeq_count", {}).get(ARTICLE)
    if not mine:
        return
    parts = ["%s %.1fx" % (row_name(i, labels), mine / speeds[i][ARTICLE])
             for i in row_order(speeds)
             if i != "adjeq_count" and not is_read(i) and
             i not in KERNEL_BITS and i != "scalar" and speeds[i].get(ARTICLE)]
    print("adjeq_count at the article's workload, speed over: " + ", ".join(parts))
    print()


def byte_row(impl):
    """The byte-count row of a UTF-8 row: utf8_avx2 -> avx2, adjeq_count_utf8 -> adjeq_count."""
    if impl == "adjeq_count_utf8":
        return "adjeq_count"
    return impl[len("utf8_"):] if impl.startswith("utf8_") else None


def modes_table(speeds, labels):
    """Wide and UTF-8 modes: GB/s per size, share of the best read of the same
    buffer, and UTF-8's speed over the chars()-style loop."""
    keys = sorted({k for cells in speeds.values() for k in cells if k[0] in MODE_SHAPES},
                  key=lambda k: (MODE_SHAPES.index(k[0]), k[1]))
    if not keys:
        return
    reads = [i for i in speeds if is_read(i)]
    roof = {k: max(speeds[r].get(k, 0) for r in reads) for k in keys}
    chars = speeds.get("chars_loop", {})
    header = ["implementation"] + ["%s %s" % (k[0], human_size(k[1])) for k in keys]
    rows = []
    for impl in row_order(speeds, MODE_SHAPES):
        if is_read(impl):
            continue
        cells = []
        for k in keys:
            v = speeds[impl].get(k)
            if not v:
                cells.append("-")
            elif k[0] == "utf8" and chars.get(k) and impl != "chars_loop":
                cells.append("%s (%.1fx chars)" % (gbps(v), v / chars[k]))
            elif k[0] == "utf8_ascii":
                byte = speeds.get(byte_row(impl), {}).get(("letters", k[1], 0))
                cells.append("%s (%.0f%% bytes)" % (gbps(v), 100 * v / byte) if byte else gbps(v))
            else:
                cells.append("%s (%.0f%%)" % (gbps(v), 100 * v / roof[k]) if roof[k] else gbps(v))
        rows.append([row_name(impl, labels)] + cells)
    rows.append(["best streaming read"] + [gbps(roof[k]) for k in keys])
    print_table("Modes: GB/s (share of the best streaming read of the same buffer; for utf8, "
                "speed over the chars() loop; for utf8_ascii, share of the same kernel's byte "
                "count of the same letters). u16/u32: random letters read as 16-/32-bit units; "
                "utf8: 1,000,000 bytes of mixed 1-4 byte text; utf8_ascii: random letters",
                header, rows)


def parallel_table(speeds, labels):
    keys = sorted({k for cells in speeds.values() for k in cells if k[0] == "parallel"})
    if not keys:
        return
    header = ["implementation"] + ["GB/s at %s" % human_size(k[1]) for k in keys] + [
        "vs 2-thread read", "vs 1 thread"]
    two = max((speeds[i].get(keys[-1], 0) for i in speeds if i.endswith("_2threads")), default=0)
    one = speeds.get("adjeq_count", {}).get(keys[-1])
    rows = []
    for impl in row_order(speeds, ("parallel",)):
        v = speeds[impl].get(keys[-1])
        rows.append([row_name(impl, labels)] + [gbps(speeds[impl].get(k)) for k in keys] + [
            "%.0f%%" % (100 * v / two) if v and two else "-",
            "%.2fx" % (v / one) if v and one else "-"])
    print_table("Multi-core: adjeq_count_parallel against one- and two-thread streaming reads "
                "(unpinned, wall-clock time)", header, rows)


def plot(speeds, labels, context, model, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    # Red and thick blue are kept for the article and adjeq_count, black for
    # the reads, so the eye finds the baseline, the result and the limit.
    palette = iter(["tab:orange", "tab:green", "tab:purple", "tab:brown", "tab:pink",
                    "tab:olive", "tab:cyan", "gold", "magenta", "teal", "darkgreen",
                    "navy", "sienna", "grey"])
    read_dashes = {"read64": ":", "read128": ":", "read256": "-.", "read512": "--"}
    fig, ax = plt.subplots(figsize=(11, 6.5))
    sizes = set()
    for impl in row_order(speeds):
        pts = sorted((k[1], v) for k, v in speeds[impl].items()
                     if k[0] == "letters" and k[2] == 0)
        if not pts:
            continue
        xs, ys = zip(*pts)
        sizes.update(xs)
        style = dict(marker="o", markersize=3, linewidth=1.2)
        label = row_name(impl, labels)
        if is_read(impl):
            style.update(color="black", linestyle=read_dashes.get(impl, "--"), marker=None)
            label = "roofline: " + label
        elif impl == "article":
            style.update(color="red", linewidth=2.5)
            label = "article (baseline)"
        elif impl == "adjeq_count":
            style.update(color="tab:blue", linewidth=2.5)
        else:
            style.update(color=next(palette, None))
        ax.plot(xs, [y / 1e9 for y in ys], label=label, **style)
    if not sizes:
        return
    lo, hi = min(sizes) / 1.5, max(sizes) * 1.5
    ax.set_xlim(lo, hi)
    for name, size in cache_sizes(context):
        if not lo < size < hi:
            continue
        ax.axvline(size, color="grey", linestyle=":", linewidth=1)
        ax.text(size, 0.02, "%s %s " % (name, human_size(size)), rotation=90,
                va="bottom", ha="right", fontsize=8, color="dimgrey",
                transform=ax.get_xaxis_transform())
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xticks(sorted(sizes))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: human_size(int(x))))
    ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: "%g" % y))
    ax.set_xlabel("buffer size (random letters, aligned)")
    ax.set_ylabel("GB/s (1e9 bytes/s, log scale)")
    ax.set_title("adjeq: counting doubles vs buffer size, one pinned core\n%s" % model)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    print("plot: %s" % path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", help="adjeq_bench --benchmark_out JSON files")
    parser.add_argument("--plot", help="write a PNG plot here")
    parser.add_argument("--best", action="store_true",
                        help="each cell's fastest repetition, not the median")
    args = parser.parse_args()

    context, speeds, labels, errors = load(args.results[0], args.best)
    for extra in args.results[1:]:
        _, more, more_labels, more_errors = load(extra, args.best)
        for impl, cells in more.items():
            speeds.setdefault(impl, OrderedDict()).update(cells)
        labels.update(more_labels)
        errors += more_errors
    model = cpu_model(context)
    caches = ", ".join("%s %s" % (n, human_size(s)) for n, s in cache_sizes(context))
    print("CPU: %s (%s); adjeq %s, dispatched kernel %s%s" % (
        model, caches or "caches unknown", context.get("adjeq_version", "?"),
        context.get("adjeq_active_kernel", "?"),
        "; SMOKE RUN, numbers are not measurements" if context.get("adjeq_smoke") == "1" else ""))
    print()
    if speeds:
        main_table(speeds, labels)
        summary_line(speeds, labels)
        same_width_table(speeds, labels)
        shape_tables(speeds, labels)
        modes_table(speeds, labels)
        parallel_table(speeds, labels)
        if args.plot:
            plot(speeds, labels, context, model, args.plot)
    for e in errors:
        print("ERROR: %s" % e, file=sys.stderr)
    if errors or not speeds:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
