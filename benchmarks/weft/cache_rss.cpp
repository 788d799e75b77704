// SPDX-License-Identifier: MIT
// The memory the region cache keeps committed: 16 threads with 1 MiB stacks
// each write to 512 KiB of their stack, then all are joined into the cache.
// weft only; it measures a choice inside weft, not a comparison.
// Prints "cache_rss KIB kib": resident memory after the joins minus before.
#include "bench.hpp"

namespace {

constexpr int thread_count = 16;
constexpr std::size_t touched_bytes = 512 * 1024;

void touch_stack(weft::ResetEvent* gate) {
  unsigned char buffer[touched_bytes];
  for (std::size_t i = 0; i < touched_bytes; i += 4096)
    buffer[i] = 1;
  // The compiler must assume the buffer is read, so the writes stay.
  __asm__ volatile("" : : "r"(buffer) : "memory");
  gate->wait();
}

} // namespace

int main(int, char**, char**) {
  weft::Thread::set_region_cache_limits({.regions = thread_count});
  long before = bench::read_memory().resident_kib;

  weft::ResetEvent gate;
  alignas(weft::JoinHandle<void>) unsigned char
      storage[thread_count * sizeof(weft::JoinHandle<void>)];
  auto* handles = reinterpret_cast<weft::JoinHandle<void>*>(storage);
  for (int i = 0; i < thread_count; i++) {
    auto handle = weft::Thread::spawn({}, touch_stack, &gate);
    if (!handle)
      bench::fail("spawn failed", handle.error());
    new (&handles[i]) weft::JoinHandle<void>(std::move(*handle));
  }
  gate.set();
  for (int i = 0; i < thread_count; i++) {
    handles[i].join();
    handles[i].~JoinHandle<void>();
  }

  long after = bench::read_memory().resident_kib;
  bench::report("cache_rss", after - before, "kib");
  return 0;
}
