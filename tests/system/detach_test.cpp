// SPDX-License-Identifier: MIT
// Detach before and after the thread finished, and spawn/join cycles: every
// region is released, so /proc/self/maps returns to its starting count.
#include <cstdint>

#include "tap.hpp"
#include "weft.hpp"

namespace {

constexpr weft::SpawnConfig small_stack{.stack_size = 64 * 1024};
constexpr int rounds = 1000;

// A result with a destructor: the runtime must destroy it exactly once,
// whoever releases the region.
weft::Atomic<std::uint32_t> results_destroyed{0};

struct Counted {
  explicit Counted(int value) : value(value) {}
  Counted(Counted&& other) : value(other.value) { other.value = 0; }
  ~Counted() {
    if (value != 0)
      results_destroyed.fetch_add(1);
  }
  int value;
};

// Returns true once the kernel has reaped thread tid: its /proc entry is
// gone, so it has passed its exit and the kernel cleared its tid word.
bool thread_gone(int tid) {
  char path[48] = "/proc/self/task/";
  char digits[12];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + tid % 10);
    tid /= 10;
  } while (tid != 0);
  int length = 16;
  while (count > 0)
    path[length++] = digits[--count];
  path[length] = '\0';
  auto fd = weft::sys::openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY);
  if (fd) {
    (void)weft::sys::close(*fd);
    return false;
  }
  return true;
}

void test_detach_before_finish(tap::Tap& tap, long baseline) {
  weft::Atomic<std::uint32_t> finished{0};
  results_destroyed.store(0);
  int detached = 0;
  for (int i = 0; i < rounds; i++) {
    weft::ResetEvent* gate_address = nullptr;
    weft::ResetEvent gate;
    gate_address = &gate;
    auto handle = weft::Thread::spawn(
        small_stack,
        [](weft::ResetEvent* start, weft::Atomic<std::uint32_t>* done) {
          // Wait until the handle is detached, so the thread finishes last.
          start->wait();
          done->fetch_add(1);
          return Counted(7);
        },
        gate_address, &finished);
    if (!handle)
      break;
    handle->detach();
    gate.set();
    // The gate lives on this stack frame; keep it alive until the thread
    // has passed its wait.
    while (finished.load() < static_cast<std::uint32_t>(i + 1))
      weft::sys::sched_yield();
    detached++;
  }
  tap.equal(detached, rounds, "detach before finish 1000 times");
  tap.equal(finished.load(), static_cast<std::uint32_t>(rounds),
            "every detached thread ran");
  if (baseline < 0) {
    tap.skip("mappings back after detach before finish", "no /proc");
    return;
  }
  tap.equal(tap::wait_for_mappings(baseline, 30000), baseline,
            "mappings back after detach before finish");
  tap.equal(results_destroyed.load(), static_cast<std::uint32_t>(rounds),
            "detached results destroyed once each");
}

void test_detach_after_finish(tap::Tap& tap, long baseline) {
  if (baseline < 0) {
    tap.skip("detach after finish", "no /proc to see a thread exit");
    return;
  }
  results_destroyed.store(0);
  int detached = 0;
  int waited_out = 0;
  for (int i = 0; i < rounds; i++) {
    auto handle = weft::Thread::spawn(small_stack, [] { return Counted(9); });
    if (!handle)
      break;
    // Wait for the kernel to reap the thread, so detach finds it complete
    // and must release the region itself.
    int tid = handle->id();
    while (!thread_gone(tid))
      weft::sys::sched_yield();
    waited_out++;
    handle->detach();
    detached++;
  }
  tap.equal(detached, rounds, "detach after finish 1000 times");
  tap.equal(waited_out, rounds, "each thread had exited before detach");
  tap.equal(tap::count_mappings(), baseline,
            "mappings back after detach after finish");
  tap.equal(results_destroyed.load(), static_cast<std::uint32_t>(rounds),
            "results destroyed by the detaching thread");
}

void test_join_cycles(tap::Tap& tap, long baseline) {
  long sum = 0;
  int joined = 0;
  for (int i = 0; i < rounds; i++) {
    auto handle = weft::Thread::spawn(
        small_stack, [](int n) { return n + 1; }, i);
    if (!handle)
      break;
    sum += handle->join();
    joined++;
  }
  tap.equal(joined, rounds, "1000 spawn/join cycles");
  tap.equal(sum, static_cast<long>(rounds) * (rounds + 1) / 2,
            "1000 spawn/join results");
  if (baseline < 0)
    tap.skip("mappings back after 1000 joins", "no /proc");
  else
    tap.equal(tap::count_mappings(), baseline,
              "mappings back after 1000 joins");
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  long baseline = tap::count_mappings();
  test_join_cycles(tap, baseline);
  test_detach_after_finish(tap, baseline);
  test_detach_before_finish(tap, baseline);
  return tap.finish();
}
