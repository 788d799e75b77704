// SPDX-License-Identifier: MIT
// WaitGroup: a zero count, tasks on other threads, count(), timed waits,
// many waiters released by one done, and reuse over many rounds.
//
// The fatal paths (done without add, a count above 2^31 - 1) end the
// process, and weft has no fork to run them in a child, so they are not
// tested here.
#include <cstdint>

#include "tap.hpp"
#include "waiting.hpp"
#include "weft.hpp"

namespace {

// The timeout of waits that only a broken WaitGroup reaches.
tap::GenerousTimeout generous;

// Waits for group with the generous timeout. Returns true only when the
// wait returned true before that timeout, because a wait that slept through
// a lost wake-up still returns true once the count has reached zero.
bool wait_generously(weft::WaitGroup& group) {
  weft::Deadline limit = weft::Deadline::after(generous());
  bool done = group.wait_until(limit);
  bool woken = done && weft::Deadline::now() < limit;
  if (!woken)
    generous.mark_broken();
  return woken;
}

// Static, so that a thread stuck in a broken wait() can be detached and
// still find its state when the process ends.
struct ZeroState {
  weft::WaitGroup group;
  weft::Atomic<std::uint32_t> returned{0};
};

ZeroState zero;

void test_zero_count(tap::Tap& tap) {
  tap.equal(zero.group.count(), 0u, "new group count is 0");
  tap.check(zero.group.wait_for(weft::Duration::nanoseconds(0)),
            "wait_for(0) on zero count returns true");
  tap.check(zero.group.wait_until(weft::Deadline::from_nanoseconds(0)),
            "wait_until past deadline on zero count returns true");
  tap.check(zero.group.wait_for(weft::Duration::milliseconds(-5)),
            "wait_for negative on zero count returns true");

  // wait() has no timeout, so it runs on another thread that is detached
  // if it does not return.
  auto waiter = weft::Thread::spawn(tap::small_stack, [] {
    zero.group.wait();
    zero.returned.store(1, weft::MemoryOrder::release);
  });
  if (!tap.check(waiter.has_value(), "spawn zero-count waiter"))
    return;
  bool returned = generous.wait_for_count(zero.returned, 1) == 1;
  tap.check(returned, "wait on zero count returns");
  if (returned)
    waiter->join();
  else
    waiter->detach();
}

void test_count_values(tap::Tap& tap) {
  weft::WaitGroup group;
  group.add(3);
  tap.equal(group.count(), 3u, "count after add(3)");
  group.add();
  tap.equal(group.count(), 4u, "count after add()");
  group.add(0);
  tap.equal(group.count(), 4u, "count after add(0)");
  group.done();
  tap.equal(group.count(), 3u, "count after one done");
  group.done();
  group.done();
  tap.equal(group.count(), 1u, "count after three done");
  tap.check(!group.wait_for(weft::Duration::nanoseconds(0)),
            "wait_for(0) with count 1 returns false");
  group.done();
  tap.equal(group.count(), 0u, "count after last done");
  tap.check(group.wait_for(weft::Duration::nanoseconds(0)),
            "wait_for(0) after last done returns true");

  group.add(0x7fffffff);
  tap.equal(group.count(), 0x7fffffffu, "count reaches 2^31 - 1");
  for (int i = 0; i < 0x10; i++)
    group.done();
  tap.equal(group.count(), 0x7fffffefu, "count after 16 done from 2^31 - 1");
}

constexpr int task_count = 3;

struct TaskState {
  weft::WaitGroup group;
  weft::Atomic<std::uint32_t> finished{0};
  // Plain writes: wait must make them visible.
  int values[task_count] = {};
};

void test_three_tasks(tap::Tap& tap) {
  TaskState state;
  state.group.add(task_count);
  tap.equal(state.group.count(), 3u, "count before three tasks");

  tap::HandleArray<void, task_count> handles;
  for (int i = 0; i < task_count; i++) {
    auto handle = weft::Thread::spawn(
        tap::small_stack,
        [](TaskState* shared, int index) {
          // Staggered, so that wait sleeps while some tasks still run.
          tap::sleep_ms(10 * (index + 1));
          shared->values[index] = 1000 + index;
          shared->finished.fetch_add(1, weft::MemoryOrder::relaxed);
          shared->group.done();
        },
        &state, i);
    if (!handles.add(handle))
      break;
  }
  if (!tap.equal(handles.size(), task_count, "three tasks spawned")) {
    for (int i = 0; i < handles.size(); i++)
      handles[i].join();
    return;
  }

  tap.check(wait_generously(state.group), "wait for three tasks");
  tap.equal(state.finished.load(weft::MemoryOrder::relaxed), 3u,
            "all three tasks finished when wait returns");
  tap.equal(state.values[0], 1000, "first task's write visible after wait");
  tap.equal(state.values[1], 1001, "second task's write visible after wait");
  tap.equal(state.values[2], 1002, "third task's write visible after wait");
  tap.equal(state.group.count(), 0u, "count 0 after three tasks");
  for (int i = 0; i < handles.size(); i++)
    handles[i].join();
}

void test_timed_wait(tap::Tap& tap) {
  weft::WaitGroup group;
  group.add(1);

  std::int64_t start = tap::monotonic_ns();
  bool done = group.wait_for(weft::Duration::milliseconds(50));
  std::int64_t elapsed = tap::monotonic_ns() - start;
  tap.check(!done, "wait_for 50 ms with pending count returns false");
  tap::expect_at_least(tap, elapsed, 50 * tap::nanoseconds_per_millisecond,
                       "wait_for 50 ms waits at least 50 ms");

  weft::Deadline deadline =
      weft::Deadline::after(weft::Duration::milliseconds(30));
  done = group.wait_until(deadline);
  std::int64_t after = tap::monotonic_ns();
  tap.check(!done, "wait_until with pending count returns false");
  tap::expect_at_least(tap, after, deadline.nanoseconds(),
                       "wait_until returns no earlier than its deadline");

  tap.check(!group.wait_until(weft::Deadline::from_nanoseconds(0)),
            "wait_until past deadline with pending count returns false");
  tap.equal(group.count(), 1u, "count unchanged by timed-out waits");

  auto finisher = weft::Thread::spawn(
      tap::small_stack,
      [](weft::WaitGroup* shared) {
        tap::sleep_ms(20);
        shared->done();
      },
      &group);
  if (!tap.check(finisher.has_value(), "spawn finisher"))
    return;
  tap.check(wait_generously(group), "wait_for returns true once done");
  tap.equal(group.count(), 0u, "count 0 after finisher");
  finisher->join();
}

constexpr int waiter_count = 8;

// Static, so that a waiter stuck in a broken wait() can be detached and
// still find its state when the process ends.
struct WaiterState {
  weft::WaitGroup group;
  weft::Atomic<std::uint32_t> started{0};
  weft::Atomic<std::uint32_t> returned{0};
};

WaiterState waiters;

void test_many_waiters(tap::Tap& tap) {
  waiters.group.add(1);
  tap::HandleArray<void, waiter_count> handles;
  for (int i = 0; i < waiter_count; i++) {
    auto handle = weft::Thread::spawn(tap::small_stack, [] {
      waiters.started.fetch_add(1);
      waiters.group.wait();
      waiters.returned.fetch_add(1);
    });
    if (!handles.add(handle))
      break;
  }
  tap.equal(handles.size(), waiter_count, "8 waiters spawned");
  auto spawned = static_cast<std::uint32_t>(handles.size());
  tap.equal(generous.wait_for_count(waiters.started, spawned), spawned,
            "8 waiters started");
  // Give the waiters time to fall asleep in the kernel.
  tap::sleep_ms(20);
  tap.equal(waiters.returned.load(), 0u, "no waiter returns before done");

  waiters.group.done();
  std::uint32_t returned = generous.wait_for_count(waiters.returned, spawned);
  tap.equal(returned, 8u, "last done releases all 8 waiters");
  tap.equal(waiters.group.count(), 0u, "count 0 after waiters released");
  for (int i = 0; i < handles.size(); i++) {
    if (returned == spawned)
      handles[i].join();
    else
      handles[i].detach();
  }
}

constexpr int worker_count = 4;
constexpr std::uint32_t round_count = 200;
constexpr std::uint32_t stop_round = 0xffffffff;

// Workers sleep on round (a futex word) until main starts the next one.
struct RoundState {
  weft::WaitGroup group;
  weft::Atomic<std::uint32_t> round{0};
  weft::Atomic<std::uint32_t> finished{0};
  // Plain writes: each round's wait must make them visible.
  std::uint32_t values[worker_count] = {};
};

RoundState rounds;

void run_worker(int index) {
  std::uint32_t seen = 0;
  for (;;) {
    weft::Deadline limit = weft::Deadline::after(generous());
    std::uint32_t current = rounds.round.load(weft::MemoryOrder::acquire);
    while (current == seen) {
      if (weft::Futex::wait_until(rounds.round, seen, limit) ==
          weft::WaitResult::timed_out)
        return;
      current = rounds.round.load(weft::MemoryOrder::acquire);
    }
    if (current == stop_round)
      return;
    seen = current;
    rounds.values[index] = current * 10 + static_cast<std::uint32_t>(index);
    rounds.finished.fetch_add(1, weft::MemoryOrder::relaxed);
    rounds.group.done();
  }
}

void test_reuse(tap::Tap& tap) {
  tap::HandleArray<void, worker_count> handles;
  for (int i = 0; i < worker_count; i++) {
    auto handle = weft::Thread::spawn(tap::small_stack, run_worker, i);
    if (!handles.add(handle))
      break;
  }
  tap.equal(handles.size(), worker_count, "4 round workers spawned");

  std::uint32_t completed = 0;
  std::uint32_t stale_values = 0;
  std::uint32_t early_returns = 0;
  bool timed_out = false;
  auto spawned = static_cast<std::uint32_t>(handles.size());
  for (std::uint32_t round = 1; round <= round_count && spawned != 0; round++) {
    rounds.group.add(spawned);
    rounds.round.store(round, weft::MemoryOrder::release);
    weft::Futex::wake_all(rounds.round);
    if (!wait_generously(rounds.group)) {
      timed_out = true;
      break;
    }
    if (rounds.finished.load(weft::MemoryOrder::relaxed) != round * spawned)
      early_returns++;
    for (std::uint32_t i = 0; i < spawned; i++)
      stale_values += rounds.values[i] != round * 10 + i;
    completed++;
  }
  rounds.round.store(stop_round, weft::MemoryOrder::release);
  weft::Futex::wake_all(rounds.round);

  tap.check(!timed_out, "no round's wait timed out");
  tap.equal(completed, round_count, "200 rounds of add(4), 4 done, wait");
  tap.equal(early_returns, 0u, "no round's wait returns before its 4 done");
  tap.equal(stale_values, 0u, "each round's writes visible after wait");
  tap.equal(rounds.group.count(), 0u, "count 0 after 200 rounds");
  for (int i = 0; i < handles.size(); i++)
    handles[i].join();
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  test_zero_count(tap);
  test_count_values(tap);
  test_three_tasks(tap);
  test_timed_wait(tap);
  test_many_waiters(tap);
  test_reuse(tap);
  return tap.finish();
}
