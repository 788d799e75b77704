// SPDX-License-Identifier: MIT
// Once: 64 threads racing one call while the function runs, functions with
// captured arguments, later calls that must not run anything, and many
// short races on fresh Once objects.
#include <cstdint>

#include "tap.hpp"
#include "waiting.hpp"
#include "weft.hpp"

namespace {

// The timeout of waits that only a broken Once reaches.
tap::GenerousTimeout generous;

// Joins every handle when all threads returned; otherwise detaches them,
// because a thread stuck in a broken call would make join hang.
template <class R, int capacity>
void join_or_detach(tap::HandleArray<R, capacity>& handles, bool returned) {
  for (int i = 0; i < handles.size(); i++) {
    if (returned)
      (void)handles[i].join();
    else
      handles[i].detach();
  }
}

constexpr int racer_count = 64;
constexpr int written_value = 0x5eed;

// Static, so that threads stuck in a broken call can be detached and still
// find their state when the process ends.
struct RaceState {
  weft::Once once;
  weft::ResetEvent gate;
  weft::Atomic<std::uint32_t> started{0};
  // Threads spawned, set before the gate opens.
  std::uint32_t callers = 0;
  // Callers that are about to call or are inside call.
  weft::Atomic<std::uint32_t> arrivals{0};
  weft::Atomic<std::uint32_t> runs{0};
  weft::Atomic<std::uint32_t> returned{0};
  // Written by the function with plain stores; call must publish them.
  std::uint32_t arrivals_seen = 0;
  bool done_inside = true;
  int value = 0;
  // Each caller's reading of value right after its call returned.
  int observed[racer_count] = {};
};

RaceState race;

// Runs until every caller has arrived, then 20 ms more so that they are
// inside call, waiting, when it returns.
void run_once_body() {
  race.runs.fetch_add(1);
  race.done_inside = race.once.is_done();
  (void)generous.wait_for_count(race.arrivals, race.callers);
  race.arrivals_seen = race.arrivals.load();
  tap::sleep_ms(20);
  race.value = written_value;
}

void run_racer(int index) {
  race.started.fetch_add(1);
  if (!race.gate.wait_for(generous()))
    return;
  race.arrivals.fetch_add(1);
  race.once.call(run_once_body);
  race.observed[index] = race.value;
  race.returned.fetch_add(1, weft::MemoryOrder::release);
}

void test_racing_callers(tap::Tap& tap) {
  tap.check(!race.once.is_done(), "is_done false before call");

  tap::HandleArray<void, racer_count> handles;
  for (int i = 0; i < racer_count; i++) {
    auto handle = weft::Thread::spawn(tap::small_stack, run_racer, i);
    if (!handles.add(handle))
      break;
  }
  auto spawned = static_cast<std::uint32_t>(handles.size());
  tap.equal(spawned, 64u, "64 callers spawned");
  tap.equal(generous.wait_for_count(race.started, spawned), spawned,
            "64 callers started");
  race.callers = spawned;
  race.gate.set();

  bool returned = generous.wait_for_count(race.returned, spawned) == spawned;
  tap.check(returned, "every caller returns from call");
  join_or_detach(handles, returned);
  if (!returned)
    return;

  tap.equal(race.runs.load(), 1u, "function ran exactly once for 64 callers");
  tap.equal(race.arrivals_seen, 64u, "all 64 callers arrived while it ran");
  tap.check(!race.done_inside, "is_done false while the function runs");
  tap.check(race.once.is_done(), "is_done true after call");
  int stale = 0;
  for (int i = 0; i < racer_count; i++)
    stale += race.observed[i] != written_value;
  tap.equal(stale, 0, "every caller sees the function's write");

  race.once.call([] { race.runs.fetch_add(1); });
  tap.equal(race.runs.load(), 1u, "call after completion runs nothing");
}

// A function object called as an lvalue, and counted.
struct Counter {
  int* calls;
  void operator()() const { ++*calls; }
};

void test_captured_arguments(tap::Tap& tap) {
  weft::Once once;
  int base = 40;
  int extra = 2;
  int result = 0;
  int calls = 0;
  once.call([&] {
    result = base + extra;
    calls++;
  });
  tap.equal(result, 42, "captured arguments reach the function");
  tap.equal(calls, 1, "first call runs the function");
  tap.check(once.is_done(), "is_done after first call");

  once.call([&] {
    result = -1;
    calls++;
  });
  tap.equal(result, 42, "second function does not run");
  tap.equal(calls, 1, "second call runs nothing");

  weft::Once other;
  int counted = 0;
  Counter counter{&counted};
  other.call(counter);
  other.call(counter);
  other.call(Counter{&counted});
  tap.equal(counted, 1, "lvalue function object runs once");
}

constexpr int short_race_count = 1000;
constexpr int short_racer_count = 4;

// Many fresh Once objects raced without sleeping, which exercises the
// moments the state changes rather than long waits.
struct ShortRaceState {
  weft::Once onces[short_race_count];
  weft::Atomic<std::uint32_t> runs[short_race_count];
  int values[short_race_count] = {};
  weft::ResetEvent gate;
  weft::Atomic<std::uint32_t> started{0};
  weft::Atomic<std::uint32_t> returned{0};
  weft::Atomic<std::uint32_t> stale{0};
};

ShortRaceState short_race;

void run_short_racer() {
  short_race.started.fetch_add(1);
  if (!short_race.gate.wait_for(generous()))
    return;
  for (int i = 0; i < short_race_count; i++) {
    short_race.onces[i].call([i] {
      short_race.runs[i].fetch_add(1, weft::MemoryOrder::relaxed);
      short_race.values[i] = i + 1;
    });
    if (short_race.values[i] != i + 1)
      short_race.stale.fetch_add(1, weft::MemoryOrder::relaxed);
  }
  short_race.returned.fetch_add(1, weft::MemoryOrder::release);
}

void test_short_races(tap::Tap& tap) {
  tap::HandleArray<void, short_racer_count> handles;
  for (int i = 0; i < short_racer_count; i++) {
    auto handle = weft::Thread::spawn(tap::small_stack, run_short_racer);
    if (!handles.add(handle))
      break;
  }
  auto spawned = static_cast<std::uint32_t>(handles.size());
  tap.equal(spawned, 4u, "4 short racers spawned");
  (void)generous.wait_for_count(short_race.started, spawned);
  short_race.gate.set();
  bool returned =
      generous.wait_for_count(short_race.returned, spawned) == spawned;
  tap.check(returned, "short racers return from 1000 calls each");
  join_or_detach(handles, returned);
  if (!returned)
    return;

  int wrong_runs = 0;
  int not_done = 0;
  for (int i = 0; i < short_race_count; i++) {
    wrong_runs += short_race.runs[i].load(weft::MemoryOrder::relaxed) != 1;
    not_done += !short_race.onces[i].is_done();
  }
  tap.equal(wrong_runs, 0, "each of 1000 raced Once objects ran once");
  tap.equal(not_done, 0, "each of 1000 raced Once objects is done");
  tap.equal(short_race.stale.load(), 0u,
            "every raced caller sees the function's write");
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  test_racing_callers(tap);
  test_captured_arguments(tap);
  test_short_races(tap);
  return tap.finish();
}
