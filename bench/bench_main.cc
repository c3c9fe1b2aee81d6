// adjeq_bench: every way to count doubles, side by side in one run, so each
// ratio compares numbers measured together on the same buffers.
//
// Benchmark names are <implementation>/<shape>/<bytes>/<offset>. Rows of one
// workload are registered together, the article's loop and the streaming
// reads first, so the reporter can add two counters to every later row:
// x_article (speed over the article's count_byte_doubles) and of_roofline
// (fraction of the fastest streaming read of the same buffer).
//
// Besides bytes, the code-point and wide modes are timed on their own
// workloads ("u16", "u32": letters read as 16-/32-bit units; "utf8": mixed
// text against a chars()-style decoding loop), each with its streaming reads.
//
// Own flags: --adjeq_smoke (or ADJEQ_BENCH_SMOKE=1) runs a small matrix for
// CI. --adjeq_parallel runs only the multi-core workload ("parallel": 1 GiB,
// adjeq_count_parallel against one- and two-thread reads); run it unpinned.
// Every other flag is Google Benchmark's (--benchmark_out=FILE, ...).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adjeq.h"
#include "bench.h"

namespace {

// --- data ---------------------------------------------------------------------

// splitmix64, the generator of tests/test_util.h: the article workload here
// is byte for byte the one the tests check against the article's function.
uint64_t next_random(uint64_t *state) {
  uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr size_t kArticleSize = 1000000;
constexpr uint64_t kArticleSeed = 2017;  // as in tests/test_kernels.c
constexpr size_t kMaxOffset = 63;

// "article" is the article's workload: its own 1,000,000-byte buffer.
// "utf8_ascii" is the UTF-8 count over random letters: an all-ASCII text,
// which the UTF-8 kernels hand to their byte loop.
enum class Shape { kArticle, kLetters, kEqual, kAlternating, kBytes, kWide16, kWide32, kUtf8,
                   kUtf8Ascii, kParallel };

const char *shape_name(Shape s) {
  switch (s) {
    case Shape::kArticle: return "article";
    case Shape::kLetters: return "letters";
    case Shape::kEqual: return "equal";
    case Shape::kAlternating: return "alternating";
    case Shape::kBytes: return "bytes";
    case Shape::kWide16: return "u16";
    case Shape::kWide32: return "u32";
    case Shape::kUtf8: return "utf8";
    case Shape::kUtf8Ascii: return "utf8_ascii";
    case Shape::kParallel: return "parallel";
  }
  return "?";
}

// Mixed text for UTF-8 mode: 52 code points, as many as the article's
// letters, so doubles are as frequent: 26 ASCII letters and 26 characters of
// 2, 3 and 4 bytes (Latin, Greek, Cyrillic; CJK, symbols; emoji).
const char *const kMixedChars[] = {
    "\u00e9", "\u00df", "\u00f1", "\u00fc", "\u03bb", "\u03a9", "\u0436", "\u044f", "\u05d0", "\u0628",
    "\u4e2d", "\u6587", "\u5b57", "\u3042", "\u30ab", "\uac00", "\u20ac", "\u2192", "\u263a",
    "\U0001f600", "\U0001f389", "\U0001f680", "\U0001f40d", "\U00010348", "\U0001d11e", "\U0001f9ea"};

// Valid UTF-8 throughout; a character never straddles kArticleSize (the
// workload's end), so the chars() loop, which trusts its input, sees only
// whole characters.
void fill_mixed_text(uint8_t *buf, size_t len) {
  uint64_t state = 3;
  size_t i = 0;
  while (i < len) {
    const unsigned pick = next_random(&state) % 52;
    const char *c = pick < 26 ? &kAlphabet[pick] : kMixedChars[pick - 26];
    const size_t n = pick < 26 ? 1 : std::strlen(c);
    const bool straddles = i < kArticleSize && i + n > kArticleSize;
    if (i + n > len || straddles) {
      buf[i++] = 'x';
      continue;
    }
    std::memcpy(buf + i, c, n);
    i += n;
  }
}

// No byte is NUL, so the article's NUL-terminated loop sees the whole
// buffer; random bytes are drawn from 1..255 for that reason.
void fill(Shape shape, uint8_t *buf, size_t len) {
  uint64_t state = shape == Shape::kArticle ? kArticleSeed : 1;
  if (shape == Shape::kUtf8) return fill_mixed_text(buf, len);
  for (size_t i = 0; i < len; i++) {
    switch (shape) {
      case Shape::kArticle:
      case Shape::kLetters:
      case Shape::kWide16:
      case Shape::kWide32:
      case Shape::kParallel:
      case Shape::kUtf8:
      case Shape::kUtf8Ascii:
        buf[i] = (uint8_t)kAlphabet[next_random(&state) % 52];
        break;
      case Shape::kEqual: buf[i] = 'a'; break;
      case Shape::kAlternating: buf[i] = (uint8_t)(i & 1 ? 'b' : 'a'); break;
      case Shape::kBytes: buf[i] = (uint8_t)(1 + next_random(&state) % 255); break;
    }
  }
}

// One buffer per shape, big enough for its largest workload at the largest
// offset plus the article loop's NUL; allocated and filled (so every page is
// touched) on first use, outside the timed loop.
struct Buffer {
  size_t capacity = 0;
  uint8_t *base = nullptr;
};
std::map<Shape, Buffer> g_buffers;

uint8_t *buffer_for(Shape shape) {
  Buffer &b = g_buffers[shape];
  if (!b.base) {
    size_t bytes = (b.capacity + 4095) / 4096 * 4096;
    b.base = static_cast<uint8_t *>(std::aligned_alloc(4096, bytes));
    if (!b.base) {
      std::fprintf(stderr, "adjeq_bench: cannot allocate %zu bytes\n", bytes);
      std::exit(1);
    }
    fill(shape, b.base, bytes);
  }
  return b.base;
}

struct Workload {
  Shape shape;
  size_t size;
  size_t offset;
  size_t expected = 0;  // the count, from a naive loop on first use
  bool have_expected = false;

  std::string name() const {
    return std::string(shape_name(shape)) + "/" + std::to_string(size) + "/" +
           std::to_string(offset);
  }
};

// Reference counts, each independent of the library.
template <typename Unit>
size_t naive_count_units(const uint8_t *data, size_t len) {
  size_t count = 0;
  Unit prev, cur;
  for (size_t i = sizeof(Unit); i + sizeof(Unit) <= len; i += sizeof(Unit)) {
    std::memcpy(&prev, data + i - sizeof(Unit), sizeof(Unit));
    std::memcpy(&cur, data + i, sizeof(Unit));
    count += prev == cur;
  }
  return count;
}

size_t naive_count(Shape shape, const uint8_t *data, size_t len) {
  switch (shape) {
    case Shape::kWide16: return naive_count_units<uint16_t>(data, len);
    case Shape::kWide32: return naive_count_units<uint32_t>(data, len);
    case Shape::kUtf8: return adjeq_bench_chars_loop(data, len);
    default: return naive_count_units<uint8_t>(data, len);
  }
}

// --- implementations ------------------------------------------------------------

// Each kind calls its function directly in the timed loop (no std::function
// or wrapper), so small sizes measure the call a user would make.
enum class Kind {
  kArticle, kRead, kLoop, kKernel, kDispatched,  // bytes
  kU16Kernel, kU16Dispatched, kU32Kernel, kU32Dispatched,
  kUtf8Kernel, kUtf8Dispatched, kCharsLoop,
  kParallel, kReadThreads
};

struct Impl {
  std::string name;
  Kind kind;
  size_t (*loop)(const uint8_t *, size_t) = nullptr;    // kLoop
  uint64_t (*read)(const uint8_t *, size_t) = nullptr;  // kRead, kReadThreads
  adjeq_kernel kernel = ADJEQ_KERNEL_SCALAR;             // k*Kernel
  std::string label = "";
  unsigned threads = 1;                                  // kParallel, kReadThreads
};

// The workloads of the modes, which byte counts do not run on.
bool mode_shape(Shape shape) {
  return shape == Shape::kWide16 || shape == Shape::kWide32 || shape == Shape::kUtf8 ||
         shape == Shape::kUtf8Ascii;
}

// Which workloads an implementation runs on: reads run on every one.
bool applies(const Impl &impl, Shape shape) {
  switch (impl.kind) {
    case Kind::kRead: return true;
    case Kind::kU16Kernel: case Kind::kU16Dispatched: return shape == Shape::kWide16;
    case Kind::kU32Kernel: case Kind::kU32Dispatched: return shape == Shape::kWide32;
    case Kind::kUtf8Kernel: case Kind::kUtf8Dispatched:
      return shape == Shape::kUtf8 || shape == Shape::kUtf8Ascii;
    case Kind::kCharsLoop: return shape == Shape::kUtf8;
    case Kind::kParallel: case Kind::kReadThreads: return shape == Shape::kParallel;
    case Kind::kDispatched:  // also the single-thread row of the parallel workload
      return !mode_shape(shape);
    default:
      return !mode_shape(shape) && shape != Shape::kParallel;
  }
}

// The widest read, run on `threads` threads over equal parts of the buffer:
// the limit for multi-core counting.
uint64_t read_on_threads(uint64_t (*read)(const uint8_t *, size_t), const uint8_t *data,
                         size_t len, unsigned threads) {
  std::vector<std::thread> pool;
  std::vector<uint64_t> sums(threads);
  const size_t part = len / threads;
  for (unsigned t = 1; t < threads; t++) {
    const size_t begin = t * part, end = t + 1 == threads ? len : begin + part;
    pool.emplace_back([&, t, begin, end] { sums[t] = read(data + begin, end - begin); });
  }
  sums[0] = read(data, part);
  for (std::thread &th : pool) th.join();
  uint64_t total = 0;
  for (uint64_t sum : sums) total += sum;
  return total;
}

std::vector<Impl> implementations() {
  std::vector<Impl> impls;
  impls.push_back({"article", Kind::kArticle});
  const adjeq_bench_read *reads;
  size_t read_count = adjeq_bench_reads(&reads);
  for (size_t i = 0; i < read_count; i++)
    impls.push_back({reads[i].name, Kind::kRead, nullptr, reads[i].fn});
  const std::string cc = ADJEQ_BENCH_CC;
  impls.push_back({"loop_" + cc + "_O3", Kind::kLoop, adjeq_bench_loop_O3});
#ifdef ADJEQ_BENCH_HAVE_NATIVE_LOOP
  impls.push_back({"loop_" + cc + "_O3_native", Kind::kLoop, adjeq_bench_loop_O3_native});
#endif
#ifdef ADJEQ_BENCH_OTHER_CC
  impls.push_back({std::string("loop_") + ADJEQ_BENCH_OTHER_CC + "_O3_native", Kind::kLoop,
                   adjeq_bench_loop_other_O3_native});
#endif
#ifdef ADJEQ_BENCH_HAVE_HIGHWAY
  impls.push_back({"highway", Kind::kLoop, adjeq_bench_highway_count, nullptr,
                   ADJEQ_KERNEL_SCALAR, adjeq_bench_highway_target()});
#endif
  for (unsigned k = 0; k < adjeq_kernel_count(); k++) {
    const auto kernel = static_cast<adjeq_kernel>(k);
    if (adjeq_kernel_supported(kernel))
      impls.push_back({adjeq_kernel_name(kernel), Kind::kKernel, nullptr, nullptr, kernel});
  }
  const std::string active = adjeq_kernel_name(adjeq_active_kernel());
  impls.push_back({"adjeq_count", Kind::kDispatched, nullptr, nullptr, ADJEQ_KERNEL_SCALAR,
                   active});
  // Modes: every supported kernel and the dispatched entry point.
  impls.push_back({"chars_loop", Kind::kCharsLoop});
  const struct { const char *prefix; Kind with, dispatched; } modes[] = {
      {"u16", Kind::kU16Kernel, Kind::kU16Dispatched},
      {"u32", Kind::kU32Kernel, Kind::kU32Dispatched},
      {"utf8", Kind::kUtf8Kernel, Kind::kUtf8Dispatched}};
  for (const auto &mode : modes) {
    for (unsigned k = 0; k < adjeq_kernel_count(); k++) {
      const auto kernel = static_cast<adjeq_kernel>(k);
      if (adjeq_kernel_supported(kernel))
        impls.push_back({std::string(mode.prefix) + "_" + adjeq_kernel_name(kernel), mode.with,
                         nullptr, nullptr, kernel});
    }
    impls.push_back({std::string("adjeq_count_") + mode.prefix, mode.dispatched, nullptr,
                     nullptr, ADJEQ_KERNEL_SCALAR, active});
  }
  // Multi-core: two threads of the widest read, and the parallel count on
  // two threads and on every CPU the process may use.
  if (read_count > 0)
    impls.push_back({reads[read_count - 1].name + std::string("_2threads"), Kind::kReadThreads,
                     nullptr, reads[read_count - 1].fn, ADJEQ_KERNEL_SCALAR, "", 2});
  impls.push_back({"adjeq_count_parallel_2", Kind::kParallel, nullptr, nullptr,
                   ADJEQ_KERNEL_SCALAR, active, 2});
  impls.push_back({"adjeq_count_parallel_all", Kind::kParallel, nullptr, nullptr,
                   ADJEQ_KERNEL_SCALAR, active, 0});
  return impls;
}

void run(benchmark::State &state, const Impl &impl, Workload &w) {
  uint8_t *data = buffer_for(w.shape) + w.offset;
  const size_t size = w.size;
  if (!w.have_expected) {
    w.expected = naive_count(w.shape, data, size);
    w.have_expected = true;
  }
  size_t got = w.expected;
  switch (impl.kind) {
    case Kind::kArticle: {
      // The article's loop stops at a NUL: put one right after the workload
      // for the duration of this benchmark.
      const uint8_t saved = data[size];
      data[size] = 0;
      for (auto _ : state) {
        got = adjeq_bench_article(reinterpret_cast<char *>(data));
        benchmark::DoNotOptimize(got);
      }
      data[size] = saved;
      break;
    }
    case Kind::kRead:
      for (auto _ : state) {
        uint64_t sum = impl.read(data, size);
        benchmark::DoNotOptimize(sum);
      }
      break;
    case Kind::kLoop:
      for (auto _ : state) {
        got = impl.loop(data, size);
        benchmark::DoNotOptimize(got);
      }
      break;
    case Kind::kKernel:
      for (auto _ : state) {
        got = adjeq_count_with(impl.kernel, data, size);
        benchmark::DoNotOptimize(got);
      }
      break;
    case Kind::kDispatched:
      for (auto _ : state) {
        got = adjeq_count(data, size);
        benchmark::DoNotOptimize(got);
      }
      break;
    // Wide units are read in place: the workloads start 64-byte aligned.
    case Kind::kU16Kernel:
      for (auto _ : state) {
        got = adjeq_count_u16_with(impl.kernel, reinterpret_cast<const uint16_t *>(data),
                                   size / 2);
        benchmark::DoNotOptimize(got);
      }
      break;
    case Kind::kU16Dispatched:
      for (auto _ : state) {
        got = adjeq_count_u16(reinterpret_cast<const uint16_t *>(data), size / 2);
        benchmark::DoNotOptimize(got);
      }
      break;
    case Kind::kU32Kernel:
      for (auto _ : state) {
        got = adjeq_count_u32_with(impl.kernel, reinterpret_cast<const uint32_t *>(data),
                                   size / 4);
        benchmark::DoNotOptimize(got);
      }
      break;
    case Kind::kU32Dispatched:
      for (auto _ : state) {
        got = adjeq_count_u32(reinterpret_cast<const uint32_t *>(data), size / 4);
        benchmark::DoNotOptimize(got);
      }
      break;
    case Kind::kUtf8Kernel:
      for (auto _ : state) {
        got = adjeq_count_utf8_with(impl.kernel, reinterpret_cast<const char *>(data), size);
        benchmark::DoNotOptimize(got);
      }
      break;
    case Kind::kUtf8Dispatched:
      for (auto _ : state) {
        got = adjeq_count_utf8(reinterpret_cast<const char *>(data), size);
        benchmark::DoNotOptimize(got);
      }
      break;
    case Kind::kCharsLoop:
      for (auto _ : state) {
        got = adjeq_bench_chars_loop(data, size);
        benchmark::DoNotOptimize(got);
      }
      break;
    case Kind::kParallel:
      for (auto _ : state) {
        got = adjeq_count_parallel(data, size, impl.threads);
        benchmark::DoNotOptimize(got);
      }
      break;
    case Kind::kReadThreads:
      for (auto _ : state) {
        uint64_t sum = read_on_threads(impl.read, data, size, impl.threads);
        benchmark::DoNotOptimize(sum);
      }
      break;
  }
  // A wrong count would make its speed meaningless (and the smoke run in CI
  // catches it: the report fails on any errored row).
  if (got != w.expected)
    state.SkipWithError(("wrong count " + std::to_string(got) + ", expected " +
                         std::to_string(w.expected)).c_str());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(size));
  if (!impl.label.empty()) state.SetLabel(impl.label);
}

std::vector<Workload> workloads(bool smoke, bool parallel) {
  std::vector<Workload> list;
  if (parallel) {
    list.push_back({Shape::kParallel, smoke ? size_t{16} << 20 : size_t{1} << 30, 0});
    return list;
  }
  list.push_back({Shape::kArticle, kArticleSize, 0});
  const std::vector<size_t> sweep =
      smoke ? std::vector<size_t>{64, 4 << 10, 64 << 10}
            : std::vector<size_t>{16, 64, 256, 4 << 10, 64 << 10, 1 << 20, 16 << 20, 256 << 20};
  const std::vector<size_t> shape_sizes =
      smoke ? std::vector<size_t>{4 << 10} : std::vector<size_t>{4 << 10, 1 << 20};
  const std::vector<size_t> offset_sizes =
      smoke ? std::vector<size_t>{4 << 10} : std::vector<size_t>{64, 4 << 10, 1 << 20};
  for (size_t size : sweep) list.push_back({Shape::kLetters, size, 0});
  for (Shape shape : {Shape::kEqual, Shape::kAlternating, Shape::kBytes})
    for (size_t size : shape_sizes) list.push_back({shape, size, 0});
  for (size_t offset : {size_t{1}, kMaxOffset})
    for (size_t size : offset_sizes) list.push_back({Shape::kLetters, size, offset});
  const std::vector<size_t> wide_sizes =
      smoke ? std::vector<size_t>{4 << 10} : std::vector<size_t>{4 << 10, 64 << 10, 1 << 20};
  for (Shape shape : {Shape::kWide16, Shape::kWide32})
    for (size_t size : wide_sizes) list.push_back({shape, size, 0});
  list.push_back({Shape::kUtf8, kArticleSize, 0});
  // The size of a letters workload, whose byte count it is compared with.
  list.push_back({Shape::kUtf8Ascii, smoke ? size_t{64} << 10 : size_t{1} << 20, 0});
  return list;
}

// --- ratio counters ---------------------------------------------------------------

// Wraps the display or file reporter and adds x_article and of_roofline to
// each run, from the bytes_per_second of the runs reported before it.
class RatioReporter : public benchmark::BenchmarkReporter {
 public:
  explicit RatioReporter(benchmark::BenchmarkReporter *inner) : inner_(inner) {}

  bool ReportContext(const Context &context) override {
    inner_->SetOutputStream(&GetOutputStream());
    inner_->SetErrorStream(&GetErrorStream());
    return inner_->ReportContext(context);
  }

  void ReportRuns(const std::vector<Run> &runs) override {
    std::vector<Run> out = runs;
    for (Run &run : out) add_ratios(run);
    inner_->ReportRuns(out);
  }

  void Finalize() override { inner_->Finalize(); }

 private:
  void add_ratios(Run &run) {
    if (run.error_occurred) return;
    const std::string name = run.run_name.function_name;
    const size_t slash = name.find('/');
    auto bps = run.counters.find("bytes_per_second");
    if (slash == std::string::npos || bps == run.counters.end()) return;
    if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "mean" &&
        run.aggregate_name != "median")
      return;  // stddev, cv: ratios of spreads mean nothing
    const std::string impl = name.substr(0, slash);
    const std::string key = name.substr(slash + 1) + "#" +
                            (run.run_type == Run::RT_Aggregate
                                 ? run.aggregate_name
                                 : std::to_string(run.repetition_index));
    const double speed = bps->second.value;
    if (impl == "article") {
      article_[key] = speed;
    } else if (impl.compare(0, 4, "read") == 0) {
      double &best = roofline_[key];
      if (speed > best) best = speed;
    } else if (roofline_.count(key)) {
      run.counters["of_roofline"] = benchmark::Counter(speed / roofline_[key]);
    }
    if (impl != "article" && article_.count(key))
      run.counters["x_article"] = benchmark::Counter(speed / article_[key]);
  }

  std::unique_ptr<benchmark::BenchmarkReporter> inner_;
  std::map<std::string, double> article_;
  std::map<std::string, double> roofline_;
};

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.compare(0, 10, "model name") == 0) {
      size_t colon = line.find(':');
      if (colon != std::string::npos && colon + 2 <= line.size()) return line.substr(colon + 2);
    }
  }
  return "unknown";
}

bool flag_value(int argc, char **argv, const char *flag, std::string *value) {
  const size_t n = std::strlen(flag);
  for (int i = 1; i < argc; i++) {
    if (std::strncmp(argv[i], flag, n) == 0 && argv[i][n] == '=') {
      *value = argv[i] + n + 1;
      return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char **argv) {
  const char *smoke_env = std::getenv("ADJEQ_BENCH_SMOKE");
  bool smoke = smoke_env && *smoke_env && std::strcmp(smoke_env, "0") != 0;
  bool parallel = false;
  int kept = 1;
  for (int i = 1; i < argc; i++) {
    if (std::strcmp(argv[i], "--adjeq_smoke") == 0)
      smoke = true;
    else if (std::strcmp(argv[i], "--adjeq_parallel") == 0)
      parallel = true;
    else
      argv[kept++] = argv[i];
  }
  argc = kept;

  std::string out_file, out_format = "json";
  const bool have_out = flag_value(argc, argv, "--benchmark_out", &out_file);
  flag_value(argc, argv, "--benchmark_out_format", &out_format);

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // A read that skipped or over-read bytes would be a false roofline.
  if (int bad = adjeq_bench_reads_selfcheck()) {
    const adjeq_bench_read *reads;
    adjeq_bench_reads(&reads);
    std::fprintf(stderr, "adjeq_bench: %s does not read exactly its buffer\n",
                 reads[bad - 1].name);
    return 1;
  }

  // Workloads and implementations live until exit; benchmarks refer to them.
  static std::vector<Workload> all_workloads = workloads(smoke, parallel);
  static std::vector<Impl> all_impls = implementations();
  for (Workload &w : all_workloads) {
    Buffer &b = g_buffers[w.shape];
    const size_t need = w.size + kMaxOffset + 1;
    if (need > b.capacity) b.capacity = need;
  }
  for (Workload &w : all_workloads)
    for (const Impl &impl : all_impls) {
      if (!applies(impl, w.shape)) continue;
      auto *b = benchmark::RegisterBenchmark(
          (impl.name + "/" + w.name()).c_str(),
          [&impl, &w](benchmark::State &state) { run(state, impl, w); });
      // Other threads' work is invisible to CPU time: time the wall clock.
      if (w.shape == Shape::kParallel) b->UseRealTime();
    }

  benchmark::AddCustomContext("cpu_model", cpu_model());
  benchmark::AddCustomContext("adjeq_version", adjeq_version());
  benchmark::AddCustomContext("adjeq_active_kernel", adjeq_kernel_name(adjeq_active_kernel()));
  benchmark::AddCustomContext("adjeq_best_kernel", adjeq_kernel_name(adjeq_best_kernel()));
#ifdef ADJEQ_BENCH_HAVE_HIGHWAY
  benchmark::AddCustomContext("highway_target", adjeq_bench_highway_target());
#endif
  benchmark::AddCustomContext("article_workload",
                              "1000000 random ASCII letters (52), splitmix64 seed 2017");
  benchmark::AddCustomContext("adjeq_smoke", smoke ? "1" : "0");
  benchmark::AddCustomContext("utf8_workload",
                              "1000000 bytes of mixed text: 52 code points, 26 ASCII letters "
                              "and 26 of 2, 3 and 4 bytes");

  RatioReporter display(benchmark::CreateDefaultDisplayReporter());
  std::unique_ptr<RatioReporter> file;
  // CSV output is deprecated upstream; it gets the plain columns only.
  if (have_out && !out_file.empty() && out_format != "csv") {
    benchmark::BenchmarkReporter *inner;
    if (out_format == "console")
      inner = new benchmark::ConsoleReporter(benchmark::ConsoleReporter::OO_None);
    else
      inner = new benchmark::JSONReporter;
    file.reset(new RatioReporter(inner));
  }
  benchmark::RunSpecifiedBenchmarks(&display, file.get());
  benchmark::Shutdown();
  for (auto &shape_buffer : g_buffers) std::free(shape_buffer.second.base);
  return 0;
}
