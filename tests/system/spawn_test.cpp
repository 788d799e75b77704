// SPDX-License-Identifier: MIT
// Spawn and join: arguments and results of several types, many threads at
// once, thread ids, the signal mask a thread starts with.
#include <cstdint>

#include "tap.hpp"
#include "weft.hpp"

namespace {

struct Triple {
  std::int64_t a;
  std::int64_t b;
  std::int64_t c;
};

// Movable but not copyable: spawn must move it into the thread's region.
struct MoveOnly {
  explicit MoveOnly(int value) : value(value) {}
  MoveOnly(MoveOnly&& other) : value(other.value) { other.value = -1; }
  MoveOnly(const MoveOnly&) = delete;
  int value;
};

// A functor with state of its own, copied into the thread.
struct Scaler {
  int factor;
  long operator()(long value) const { return value * factor; }
};

int triple_sum(Triple triple) {
  return static_cast<int>(triple.a + triple.b + triple.c);
}

constexpr weft::SpawnConfig small_stack{.stack_size = 128 * 1024};

void test_argument_and_result_types(tap::Tap& tap) {
  auto doubled = weft::Thread::spawn(
      {.stack_size = 256 * 1024}, [](int n) { return n * 2; }, 21);
  if (tap.check(doubled.has_value(), "spawn int lambda"))
    tap.equal(doubled->join(), 42, "int result");

  auto mixed = weft::Thread::spawn(
      small_stack,
      [](char c, std::int64_t big, double d, const char* text) {
        return (c == 'x' && big == 0x123456789abcdefLL && d == 2.5 &&
                text[0] == 'h')
                   ? 1.25
                   : -1.0;
      },
      'x', static_cast<std::int64_t>(0x123456789abcdefLL), 2.5, "hello");
  if (tap.check(mixed.has_value(), "spawn mixed arguments"))
    tap.check(mixed->join() == 1.25, "double result from mixed arguments");

  auto structure = weft::Thread::spawn(
      small_stack,
      [](Triple triple) {
        return Triple{triple.c, triple.b, triple.a + 1};
      },
      Triple{1, 2, 3});
  if (tap.check(structure.has_value(), "spawn struct argument")) {
    Triple result = structure->join();
    tap.equal(result.a, 3, "struct result first field");
    tap.equal(result.b, 2, "struct result second field");
    tap.equal(result.c, 2, "struct result third field");
  }

  auto pointer =
      weft::Thread::spawn(small_stack, triple_sum, Triple{10, 20, 30});
  if (tap.check(pointer.has_value(), "spawn function pointer"))
    tap.equal(pointer->join(), 60, "function pointer result");

  auto moved = weft::Thread::spawn(
      small_stack, [](MoveOnly value) { return value.value + 1; },
      MoveOnly(41));
  if (tap.check(moved.has_value(), "spawn move-only argument"))
    tap.equal(moved->join(), 42, "move-only argument result");

  auto functor = weft::Thread::spawn(small_stack, Scaler{7}, 6L);
  if (tap.check(functor.has_value(), "spawn functor"))
    tap.equal(functor->join(), 42L, "functor result");

  std::uint64_t written = 0;
  auto void_result = weft::Thread::spawn(
      small_stack, [](std::uint64_t* target) { *target = 1ULL << 40; },
      &written);
  if (tap.check(void_result.has_value(), "spawn void function")) {
    void_result->join();
    tap.equal(written, 1ULL << 40, "void function side effect");
  }

  int captured = 5;
  auto capture =
      weft::Thread::spawn(small_stack, [captured] { return captured * 3; });
  if (tap.check(capture.has_value(), "spawn capturing lambda"))
    tap.equal(capture->join(), 15, "capturing lambda result");

  auto boolean = weft::Thread::spawn(
      small_stack, [](int a, int b) { return a < b; }, 1, 2);
  if (tap.check(boolean.has_value(), "spawn bool result"))
    tap.equal(boolean->join(), true, "bool result");
}

constexpr int thread_count = 64;

struct GateState {
  weft::ResetEvent gate;
  weft::Atomic<std::uint32_t> started{0};
};

void test_many_threads_at_once(tap::Tap& tap) {
  GateState state;
  tap::HandleArray<int, thread_count> handles;
  for (int i = 0; i < thread_count; i++) {
    auto handle = weft::Thread::spawn(
        small_stack,
        [](GateState* shared, int index) {
          shared->started.fetch_add(1);
          shared->gate.wait();
          return index * 3;
        },
        &state, i);
    if (!handles.add(handle))
      break;
  }
  int spawned = handles.size();
  tap.equal(spawned, thread_count, "64 threads spawned");
  // All 64 are alive together: each has started and none can finish
  // before the gate opens.
  while (state.started.load() < static_cast<std::uint32_t>(spawned))
    weft::sys::sched_yield();
  tap.equal(state.started.load(), static_cast<std::uint32_t>(thread_count),
            "64 threads alive at once");

  bool distinct = true;
  for (int i = 0; i < spawned; i++) {
    for (int j = 0; j < i; j++)
      distinct = distinct && handles[i].id() != handles[j].id();
  }
  tap.check(distinct, "64 thread ids are distinct");

  state.gate.set();
  long sum = 0;
  bool each_correct = true;
  for (int i = 0; i < spawned; i++) {
    int value = handles[i].join();
    each_correct = each_correct && value == i * 3;
    sum += value;
  }
  tap.check(each_correct, "each of 64 results matches its thread");
  tap.equal(sum, 3L * thread_count * (thread_count - 1) / 2,
            "sum of 64 results");
}

void test_thread_ids(tap::Tap& tap) {
  tap.equal(weft::Thread::current_id(), weft::sys::gettid(),
            "main thread cached id equals gettid");
  struct Ids {
    int cached;
    int kernel;
  };
  for (int round = 0; round < 200; round++) {
    auto handle = weft::Thread::spawn(small_stack, [] {
      return Ids{weft::Thread::current_id(), weft::sys::gettid()};
    });
    if (!handle) {
      tap.check(false, "spawn for id check");
      return;
    }
    int handle_id = handle->id();
    Ids ids = handle->join();
    if (ids.cached != ids.kernel || ids.kernel != handle_id) {
      tap.equal(ids.cached, ids.kernel, "thread cached id equals gettid");
      tap.equal(handle_id, ids.kernel, "handle id equals thread gettid");
      return;
    }
  }
  tap.check(true, "cached id, gettid and handle id agree in 200 threads");
  tap.equal(weft::Thread::current_id(), weft::sys::gettid(),
            "main thread id unchanged after spawning");
}

// The word of a signal set that contains signal, and its bit in that word.
constexpr int word_bits = 8 * sizeof(unsigned long);
constexpr int signal_word(int signal) { return (signal - 1) / word_bits; }
constexpr unsigned long signal_bit(int signal) {
  return 1UL << ((signal - 1) % word_bits);
}

bool has_signal(const weft::sys::SignalSet& set, int signal) {
  return (set.words[signal_word(signal)] & signal_bit(signal)) != 0;
}

weft::sys::SignalSet current_mask() {
  weft::sys::SignalSet mask{};
  (void)weft::sys::rt_sigprocmask(SIG_BLOCK, nullptr, &mask);
  return mask;
}

// A new thread starts with its creator's signal mask, whatever it is.
void test_signal_mask_inherited(tap::Tap& tap) {
  weft::sys::SignalSet original = current_mask();
  weft::sys::SignalSet usr1{};
  usr1.words[signal_word(SIGUSR1)] = signal_bit(SIGUSR1);
  auto blocked = weft::sys::rt_sigprocmask(SIG_BLOCK, &usr1, nullptr);
  tap.check(blocked.has_value(), "block SIGUSR1 in the main thread");

  auto with_usr1 = weft::Thread::spawn(small_stack, current_mask);
  if (tap.check(with_usr1.has_value(), "spawn with SIGUSR1 blocked")) {
    weft::sys::SignalSet mask = with_usr1->join();
    tap.check(has_signal(mask, SIGUSR1), "thread starts with SIGUSR1 blocked");
    tap.check(!has_signal(mask, SIGUSR2),
              "thread starts with SIGUSR2 not blocked");
  }

  (void)weft::sys::rt_sigprocmask(SIG_SETMASK, &original, nullptr);
  auto without = weft::Thread::spawn(small_stack, current_mask);
  if (tap.check(without.has_value(), "spawn with the original mask")) {
    weft::sys::SignalSet mask = without->join();
    tap.check(!has_signal(mask, SIGUSR1),
              "thread starts with SIGUSR1 not blocked after the unblock");
  }
  tap.check(!has_signal(current_mask(), SIGUSR1),
            "main thread mask restored");
}

// Uses most of a 256 KiB stack, which must be usable below the TLS area.
int deep(int depth) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  if (depth == 0)
    return frame[0];
  return deep(depth - 1) + 1 + frame[0] * 0;
}

void test_stack_is_usable(tap::Tap& tap) {
  auto handle = weft::Thread::spawn({.stack_size = 256 * 1024}, deep, 200);
  if (tap.check(handle.has_value(), "spawn deep recursion"))
    tap.equal(handle->join(), 200, "200 KiB of a 256 KiB stack usable");
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  test_argument_and_result_types(tap);
  test_many_threads_at_once(tap);
  test_thread_ids(tap);
  test_stack_is_usable(tap);
  test_signal_mask_inherited(tap);
  return tap.finish();
}
