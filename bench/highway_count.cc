// The peer: the count written the way a C++ user would with Google Highway
// (1.0 API), compiled for every target Highway knows and dispatched at run
// time. Two unaligned loads per vector (at i and i + 1), compare, CountTrue.
#include <stddef.h>
#include <stdint.h>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "highway_count.cc"
#include <hwy/foreach_target.h>  // re-includes this file once per target

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace adjeq_bench {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

size_t CountDoubles(const uint8_t* HWY_RESTRICT data, size_t len) {
  const hn::ScalableTag<uint8_t> d;
  const size_t lanes = hn::Lanes(d);
  size_t count = 0;
  size_t i = 0;
  for (; i + lanes < len; i += lanes) {
    const auto here = hn::LoadU(d, data + i);
    const auto next = hn::LoadU(d, data + i + 1);
    count += hn::CountTrue(d, hn::Eq(here, next));
  }
  for (; i + 1 < len; ++i) count += data[i] == data[i + 1];
  return count;
}

}  // namespace HWY_NAMESPACE
}  // namespace adjeq_bench
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace adjeq_bench {
HWY_EXPORT(CountDoubles);
}  // namespace adjeq_bench

extern "C" size_t adjeq_bench_highway_count(const uint8_t* data, size_t len) {
  return HWY_DYNAMIC_DISPATCH(adjeq_bench::CountDoubles)(data, len);
}

// The target HWY_DYNAMIC_DISPATCH picks: the best (lowest bit) one that was
// compiled here and runs on this CPU.
extern "C" const char* adjeq_bench_highway_target(void) {
  const int64_t usable = hwy::SupportedTargets() & HWY_TARGETS;
  return hwy::TargetName(usable & -usable);
}
#endif
