// SPDX-License-Identifier: MIT
// Thread::cpu_count is the population of the affinity mask: it equals what
// nproc printed (passed as argv[1]) and follows sched_setaffinity.
#include <cstdint>

#include "tap.hpp"
#include "weft.hpp"

namespace {

long parse_decimal(const char* text) {
  long value = 0;
  for (; *text >= '0' && *text <= '9'; text++)
    value = value * 10 + (*text - '0');
  return value;
}

} // namespace

int main(int argc, char** argv, char**) {
  tap::Tap tap;
  auto count = weft::Thread::cpu_count();
  if (!tap.check(count.has_value(), "cpu_count succeeds"))
    return tap.finish();
  tap.check(*count >= 1, "cpu_count is at least 1");
  if (argc > 1)
    tap.equal(static_cast<long>(*count), parse_decimal(argv[1]),
              "cpu_count equals nproc");
  else
    tap.skip("cpu_count equals nproc", "nproc output not passed");

  // 8192 bytes cover 65536 CPUs, more than any machine this runs on.
  static unsigned char mask[8192];
  auto copied = weft::sys::sched_getaffinity(0, sizeof(mask), mask);
  if (!tap.check(copied.has_value(), "sched_getaffinity succeeds"))
    return tap.finish();
  unsigned population = 0;
  std::size_t first_cpu_byte = 0;
  bool found = false;
  for (std::size_t i = 0; i < *copied; i++) {
    population += static_cast<unsigned>(__builtin_popcount(mask[i]));
    if (!found && mask[i] != 0) {
      first_cpu_byte = i;
      found = true;
    }
  }
  tap.equal(*count, population, "cpu_count equals the mask population");

  // Pin to the lowest allowed CPU: the count must drop to 1, then return.
  static unsigned char single[8192];
  single[first_cpu_byte] =
      static_cast<unsigned char>(mask[first_cpu_byte] & -mask[first_cpu_byte]);
  auto pinned = weft::sys::sched_setaffinity(0, *copied, single);
  if (!pinned) {
    tap.skip("cpu_count after pinning to one CPU",
             "sched_setaffinity is not permitted here");
    return tap.finish();
  }
  auto one = weft::Thread::cpu_count();
  tap.check(one.has_value() && *one == 1, "cpu_count after pinning is 1");
  (void)weft::sys::sched_setaffinity(0, *copied, mask);
  auto restored = weft::Thread::cpu_count();
  tap.check(restored.has_value() && *restored == population,
            "cpu_count after restoring the mask");
  return tap.finish();
}
