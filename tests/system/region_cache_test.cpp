// SPDX-License-Identifier: MIT
// The region cache: a joined thread's region is reused by the next spawn of
// the same size with its TLS set up afresh, the limits bound what is kept,
// and regions that leave the cache are unmapped.
#include <cstdint>

#include "tap.hpp"
#include "waiting.hpp"
#include "weft.hpp"

namespace {

using weft::RegionCacheLimits;
using weft::Thread;

thread_local int initialised = 5;
thread_local int zeroed;

constexpr weft::SpawnConfig small{.stack_size = 64 * 1024};
constexpr weft::SpawnConfig larger{.stack_size = 128 * 1024};

// What a thread saw of its TLS before changing it, and where it lives.
struct Sight {
  std::uintptr_t tls_address;
  int initialised;
  int zeroed;
};

Sight look_and_change() {
  Sight sight{reinterpret_cast<std::uintptr_t>(&initialised), initialised,
              zeroed};
  initialised = 99;
  zeroed = 77;
  return sight;
}

Sight run_one(const weft::SpawnConfig& config) {
  auto handle = Thread::spawn(config, look_and_change);
  if (!handle)
    return {0, -1, -1};
  return handle->join();
}

// Runs count threads that are all alive at once, so each needs a region of
// its own, then joins them; returns how many started.
int run_together(int count) {
  weft::ResetEvent gate;
  tap::HandleArray<void, 8> handles;
  for (int i = 0; i < count; i++) {
    auto handle = Thread::spawn(
        small, [](weft::ResetEvent* open) { open->wait(); }, &gate);
    handles.add(handle);
  }
  gate.set();
  for (int i = 0; i < handles.size(); i++)
    handles[i].join();
  return handles.size();
}

void test_reuse(tap::Tap& tap) {
  Thread::release_region_cache();
  tap.equal(Thread::region_cache_usage().regions, std::size_t{0},
            "cache empty at start");

  Sight first = run_one(small);
  auto usage = Thread::region_cache_usage();
  tap.equal(usage.regions, std::size_t{1}, "a joined region is cached");
  tap.check(usage.bytes >= 64 * 1024 + weft::process().page_size,
            "cached bytes cover stack and guard");

  Sight second = run_one(small);
  tap.check(second.tls_address == first.tls_address,
            "same-size spawn reuses the region");
  tap.equal(second.initialised, 5, "reused TLS has .tdata values again");
  tap.equal(second.zeroed, 0, "reused TLS has .tbss zeroed again");
  tap.equal(Thread::region_cache_usage().regions, std::size_t{1},
            "the region is back in the cache");

  // A larger region cannot come from the cache, so both end up there.
  Sight other = run_one(larger);
  tap.check(other.tls_address != first.tls_address,
            "a different size gets a region of its own");
  tap.equal(other.initialised, 5, "new region TLS initialised");
  tap.equal(Thread::region_cache_usage().regions, std::size_t{2},
            "regions of two sizes cached");
}

void test_region_count_limit(tap::Tap& tap, long baseline) {
  Thread::set_region_cache_limits({.regions = 2});
  tap.equal(Thread::region_cache_usage().regions, std::size_t{2},
            "lowering the limit keeps 2 regions");

  tap.equal(run_together(4), 4, "4 threads ran at once");
  tap.equal(Thread::region_cache_usage().regions, std::size_t{2},
            "4 joins keep 2 regions under a limit of 2");

  Thread::set_region_cache_limits({.regions = 0});
  tap.equal(Thread::region_cache_usage().regions, std::size_t{0},
            "a limit of 0 unmaps the cache");
  (void)run_one(small);
  tap.equal(Thread::region_cache_usage().regions, std::size_t{0},
            "a limit of 0 caches nothing");
  if (baseline < 0)
    tap.skip("mappings back with the cache off", "no /proc");
  else
    tap.equal(tap::count_mappings(), baseline,
              "mappings back with the cache off");
}

void test_byte_limit(tap::Tap& tap) {
  Thread::set_region_cache_limits({});
  (void)run_one(small);
  std::size_t region_bytes = Thread::region_cache_usage().bytes;
  Thread::release_region_cache();

  Thread::set_region_cache_limits({.regions = 16, .bytes = region_bytes});
  tap.equal(run_together(2), 2, "2 threads ran at once");
  auto usage = Thread::region_cache_usage();
  tap.equal(usage.regions, std::size_t{1}, "byte limit keeps one region");
  tap.equal(usage.bytes, region_bytes, "cached bytes equal one region");
}

void test_limits(tap::Tap& tap) {
  Thread::set_region_cache_limits({.regions = 1000});
  tap.equal(Thread::region_cache_limits().regions,
            RegionCacheLimits::max_regions, "limit clamped to max_regions");
  Thread::set_region_cache_limits({});
  RegionCacheLimits defaults = Thread::region_cache_limits();
  tap.equal(defaults.regions, std::size_t{16}, "default limit 16 regions");
  tap.equal(defaults.bytes, std::size_t{64} * 1024 * 1024,
            "default limit 64 MiB");
}

void test_detach(tap::Tap& tap) {
  Thread::release_region_cache();
  // Detached after it finished: the detaching thread releases the region,
  // which goes to the cache.
  auto finished = Thread::spawn(small, [] { return 1; });
  if (!tap.check(finished.has_value(), "spawn a thread to detach late"))
    return;
  // Wait until the kernel has reaped the thread, so that detach finds it
  // complete. Without /proc the wait cannot tell, and the check skips.
  int tid = finished->id();
  bool exited = false;
  std::int64_t end = tap::monotonic_ns() + tap::hang_limit_ns;
  while (!exited && tap::monotonic_ns() < end) {
    exited = tap::thread_state(tid) == 0;
    tap::sleep_ms(1);
  }
  finished->detach();
  if (!exited) {
    tap.skip("a late detach caches the region", "no /proc to see the exit");
  } else {
    tap.equal(Thread::region_cache_usage().regions, std::size_t{1},
              "a late detach caches the region");
  }

  // Detached before it finishes: the thread unmaps its own region.
  weft::ResetEvent gate;
  weft::Atomic<std::uint32_t> done{0};
  auto running = Thread::spawn(
      small,
      [](weft::ResetEvent* open, weft::Atomic<std::uint32_t>* flag) {
        open->wait();
        flag->store(1);
      },
      &gate, &done);
  if (!tap.check(running.has_value(), "spawn a thread to detach early"))
    return;
  running->detach();
  std::size_t before = Thread::region_cache_usage().regions;
  gate.set();
  tap.check(tap::poll_until_at_least(done, 1), "early-detached thread ran");
  weft::Thread::sleep_for(weft::Duration::milliseconds(50));
  tap.equal(Thread::region_cache_usage().regions, before,
            "a self-freeing thread bypasses the cache");
  Sight reused = run_one(small);
  tap.equal(reused.initialised, 5, "spawn after detaches sees fresh TLS");
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  long baseline = tap::count_mappings();
  test_reuse(tap);
  test_region_count_limit(tap, baseline);
  test_byte_limit(tap);
  test_limits(tap);
  test_detach(tap);
  Thread::set_region_cache_limits({});
  return tap.finish();
}
