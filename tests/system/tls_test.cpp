// SPDX-License-Identifier: MIT
// thread_local variables: initial values from .tdata, zeroes from .tbss,
// over-aligned variables, and one distinct copy per thread.
#include <cstdint>

#include "tap.hpp"
#include "weft.hpp"

namespace {

thread_local int initialised = 1234;
thread_local std::uint64_t initialised_wide = 0x0123456789abcdefULL;
thread_local int zeroed[64];

struct alignas(64) Aligned64 {
  std::uint32_t words[4];
};
struct alignas(256) Aligned256 {
  std::uint32_t words[8];
};

thread_local Aligned64 aligned_64 = {{64, 65, 66, 67}};
thread_local Aligned256 aligned_256 = {
    {256, 257, 258, 259, 260, 261, 262, 263}};
thread_local Aligned256 aligned_256_zero;

// What one thread saw of its own copies.
struct View {
  bool initial_values;
  bool aligned;
  std::uintptr_t addresses[4];
};

bool has_initial_values() {
  bool zero = true;
  for (int value : zeroed)
    zero = zero && value == 0;
  bool words = aligned_64.words[0] == 64 && aligned_64.words[3] == 67 &&
               aligned_256.words[0] == 256 && aligned_256.words[7] == 263;
  for (auto word : aligned_256_zero.words)
    words = words && word == 0;
  return zero && words && initialised == 1234 &&
         initialised_wide == 0x0123456789abcdefULL;
}

View look() {
  View view;
  view.initial_values = has_initial_values();
  view.addresses[0] = reinterpret_cast<std::uintptr_t>(&initialised);
  view.addresses[1] = reinterpret_cast<std::uintptr_t>(&zeroed);
  view.addresses[2] = reinterpret_cast<std::uintptr_t>(&aligned_64);
  view.addresses[3] = reinterpret_cast<std::uintptr_t>(&aligned_256);
  view.aligned = view.addresses[2] % 64 == 0 && view.addresses[3] % 256 == 0 &&
                 reinterpret_cast<std::uintptr_t>(&aligned_256_zero) % 256 == 0;
  // Change this thread's copies: no other thread may see it.
  initialised++;
  zeroed[5] = 5;
  aligned_256.words[0] = 0;
  return view;
}

constexpr weft::SpawnConfig small_stack{.stack_size = 64 * 1024};

struct Gate {
  weft::ResetEvent open;
  weft::Atomic<std::uint32_t> arrived{0};
};

constexpr int concurrent_threads = 16;

void test_concurrent_copies(tap::Tap& tap) {
  tap::HandleArray<View, concurrent_threads> handles;
  Gate gate;
  for (int i = 0; i < concurrent_threads; i++) {
    // Every thread looks while all are alive, so addresses must differ.
    auto handle = weft::Thread::spawn(
        small_stack,
        [](Gate* shared) {
          View view = look();
          shared->arrived.fetch_add(1);
          shared->open.wait();
          return view;
        },
        &gate);
    if (!handles.add(handle))
      break;
  }
  int spawned = handles.size();
  tap.equal(spawned, concurrent_threads, "16 threads spawned");
  while (gate.arrived.load() < static_cast<std::uint32_t>(spawned))
    weft::sys::sched_yield();
  gate.open.set();

  View views[concurrent_threads];
  for (int i = 0; i < spawned; i++) {
    views[i] = handles[i].join();
  }
  bool initial = true;
  bool aligned = true;
  bool distinct = true;
  std::uintptr_t main_address = reinterpret_cast<std::uintptr_t>(&initialised);
  for (int i = 0; i < spawned; i++) {
    initial = initial && views[i].initial_values;
    aligned = aligned && views[i].aligned;
    distinct = distinct && views[i].addresses[0] != main_address;
    for (int j = 0; j < i; j++) {
      for (int k = 0; k < 4; k++)
        distinct = distinct && views[i].addresses[k] != views[j].addresses[k];
    }
  }
  tap.check(initial, "initial values in 16 concurrent threads");
  tap.check(aligned, "alignas 64 and 256 honoured in 16 threads");
  tap.check(distinct, "each thread has distinct TLS addresses");
}

void test_cycles(tap::Tap& tap) {
  // The main thread's changes must not leak into new threads' copies.
  initialised = 99;
  aligned_64.words[0] = 0;
  constexpr int cycles = 300;
  int good = 0;
  for (int i = 0; i < cycles; i++) {
    auto handle = weft::Thread::spawn(small_stack, look);
    if (!handle)
      break;
    View view = handle->join();
    good += view.initial_values && view.aligned;
  }
  tap.equal(good, cycles, "initial values in 300 spawn/join cycles");
  tap.equal(initialised, 99, "main thread copy unchanged by threads");
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  tap.check(has_initial_values(), "main thread initial values");
  tap.equal(reinterpret_cast<std::uintptr_t>(&aligned_64) % 64, 0UL,
            "main thread alignas 64");
  tap.equal(reinterpret_cast<std::uintptr_t>(&aligned_256) % 256, 0UL,
            "main thread alignas 256");
  test_concurrent_copies(tap);
  test_cycles(tap);
  return tap.finish();
}
