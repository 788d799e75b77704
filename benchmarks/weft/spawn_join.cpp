// SPDX-License-Identifier: MIT
// Spawn and join of threads with an empty body, one pair at a time, with
// weft's default stack size.
// Usage: weft_spawn_join [PAIRS [WARMUP]]  (defaults 20000 and PAIRS / 20)
// Prints "spawn_join NS ns": the mean time of one spawn plus its join.
#include "bench.hpp"

namespace {

void spawn_and_join(std::int64_t pairs) {
  for (std::int64_t i = 0; i < pairs; i++) {
    auto worker = weft::Thread::spawn({}, [] {});
    if (!worker)
      bench::fail("spawn failed", worker.error());
    worker->join();
  }
}

} // namespace

int main(int, char**, char**) {
  std::int64_t pairs = bench::argument(1, 20000);
  std::int64_t warmup = bench::argument(2, pairs / 20);
  spawn_and_join(warmup);

  std::int64_t start = bench::now_ns();
  spawn_and_join(pairs);
  std::int64_t elapsed = bench::now_ns() - start;

  if (pairs > 0)
    bench::report("spawn_join", elapsed / pairs, "ns");
  return 0;
}
