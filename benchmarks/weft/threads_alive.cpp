// SPDX-License-Identifier: MIT
// Many threads alive at once, each waiting on one shared ResetEvent.
// Usage: weft_threads_alive [THREADS [STACK_KIB]]  (defaults 1000 and 64)
// Prints:
//   spawn_all US us            spawn every thread until all are waiting
//   resident_per_thread B B    growth of VmRSS while all wait, per thread
//   mapped_per_thread B B      growth of VmSize while all wait, per thread
//   release_join_all US us     set the event and join every thread
#include <new>
#include <utility>

#include "bench.hpp"

namespace {

using Handle = weft::JoinHandle<void>;

// Counts the threads that reached the gate. The last one wakes main.
weft::Atomic<std::uint32_t> arrived{0};
weft::ResetEvent gate;

void arrive_and_wait(std::uint32_t threads) {
  if (arrived.fetch_add(1) + 1 == threads)
    weft::Futex::wake_all(arrived);
  gate.wait();
}

void wait_for_arrivals(std::uint32_t threads) {
  for (;;) {
    std::uint32_t seen = arrived.load(weft::MemoryOrder::acquire);
    if (seen == threads)
      return;
    weft::Futex::wait(arrived, seen);
  }
}

} // namespace

int main(int, char**, char**) {
  auto threads = static_cast<std::uint32_t>(bench::argument(1, 1000));
  std::size_t stack_size = bench::argument(2, 64) * 1024;
  if (threads == 0)
    bench::fail("invalid argument: THREADS must be at least 1");

  // The handles live in a mapping touched before the baseline, so that
  // only the threads themselves count.
  std::size_t handles_size = threads * sizeof(Handle);
  auto mapping = weft::sys::mmap(nullptr, handles_size, PROT_READ | PROT_WRITE,
                                 MAP_PRIVATE | MAP_ANONYMOUS);
  if (!mapping)
    bench::fail("mmap of the handle array failed", mapping.error());
  auto* bytes = static_cast<volatile unsigned char*>(*mapping);
  for (std::size_t i = 0; i < handles_size; i += 512)
    bytes[i] = 0;
  auto* handles = static_cast<Handle*>(*mapping);
  bench::Memory before = bench::read_memory();

  std::int64_t start = bench::now_ns();
  for (std::uint32_t i = 0; i < threads; i++) {
    auto worker = weft::Thread::spawn({.stack_size = stack_size},
                                      arrive_and_wait, threads);
    if (!worker)
      bench::fail("spawn failed", worker.error());
    new (&handles[i]) Handle(std::move(*worker));
  }
  wait_for_arrivals(threads);
  std::int64_t spawned = bench::now_ns() - start;
  bench::Memory alive = bench::read_memory();

  start = bench::now_ns();
  gate.set();
  for (std::uint32_t i = 0; i < threads; i++) {
    handles[i].join();
    handles[i].~Handle();
  }
  std::int64_t released = bench::now_ns() - start;

  bench::report("spawn_all", spawned / 1000, "us");
  bench::report("resident_per_thread",
                (alive.resident_kib - before.resident_kib) * 1024 / threads,
                "B");
  bench::report("mapped_per_thread",
                (alive.mapped_kib - before.mapped_kib) * 1024 / threads, "B");
  bench::report("release_join_all", released / 1000, "us");
  return 0;
}
