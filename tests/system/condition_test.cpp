// SPDX-License-Identifier: MIT
// Condition: signal wakes one waiter and broadcast all, a wait releases
// the mutex and holds it again on return, timed and predicate waits, a
// producer/consumer queue of 100,000 items, and 1,000 rounds of broadcast
// to 32 waiters.
#include <cstdint>

#include "tap.hpp"
#include "waiting.hpp"
#include "weft.hpp"

namespace {

using tap::Crew;
using tap::expect_at_least;
using tap::expect_result;
using tap::hang_limit;
using tap::hang_limit_ns;
using tap::monotonic_ns;
using tap::nanoseconds_per_millisecond;
using tap::poll_until_at_least;
using tap::wait_until_asleep;
using weft::Atomic;
using weft::Condition;
using weft::Deadline;
using weft::Duration;
using weft::MemoryOrder;
using weft::Mutex;
using weft::WaitResult;

// Each test returns false when a thread got stuck, and main then stops.

// Waiters that each make one timed wait without a predicate, so that every
// return is counted, also a spurious one. The wait outlasts the main
// thread's poll by 30 s, so that a waiter that no wake-up reached still
// waits when the main thread counts the returns.
template <int waiters> struct SingleWaits {
  static constexpr Duration wait_limit = Duration::nanoseconds(
      hang_limit_ns + 30 * 1000 * nanoseconds_per_millisecond);

  Mutex mutex;
  Condition condition;
  Atomic<std::uint32_t> arrived{0};
  Atomic<std::uint32_t> returned{0};
  WaitResult results[waiters];
  Crew<waiters> crew;

  void start() {
    for (int i = 0; i < waiters; i++) {
      results[i] = WaitResult::timed_out;
      crew.spawn([this, i] {
        mutex.lock();
        arrived.fetch_add(1);
        results[i] = condition.wait_for(mutex, wait_limit);
        returned.fetch_add(1);
        mutex.unlock();
      });
    }
  }

  // True once every waiter has released the mutex in its wait and sleeps.
  // A waiter that is not yet asleep would return from a later signal
  // whether or not that signal woke it.
  bool all_asleep() {
    bool asleep = poll_until_at_least(arrived, waiters);
    for (int i = 0; i < waiters; i++)
      asleep = asleep && wait_until_asleep(crew.tid(i));
    return asleep;
  }

  int woken_count() {
    int woken = 0;
    for (int i = 0; i < waiters; i++)
      woken += results[i] == WaitResult::woken;
    return woken;
  }
};

bool test_signal_wakes_one(tap::Tap& tap) {
  SingleWaits<2> waits;
  waits.start();
  tap.check(waits.all_asleep(), "two waiters sleep in wait");
  waits.condition.signal();
  (void)poll_until_at_least(waits.returned, 1);
  // A second return, if signal woke both, has time to show up.
  tap::sleep_ms(20);
  tap.equal(waits.returned.load(), 1u, "signal wakes exactly one waiter");

  waits.condition.signal();
  (void)poll_until_at_least(waits.returned, 2);
  tap.equal(waits.returned.load(), 2u, "second signal wakes the other");
  if (!tap.check(waits.crew.join(), "signalled waiters return"))
    return false;
  tap.equal(waits.woken_count(), 2, "both signalled waits are woken");
  return true;
}

bool test_broadcast_wakes_all(tap::Tap& tap) {
  SingleWaits<4> waits;
  waits.start();
  tap.check(waits.all_asleep(), "four waiters sleep in wait");
  waits.condition.broadcast();
  (void)poll_until_at_least(waits.returned, 4);
  tap.equal(waits.returned.load(), 4u, "broadcast wakes all four waiters");
  if (!tap.check(waits.crew.join(), "broadcast waiters return"))
    return false;
  tap.equal(waits.woken_count(), 4, "all broadcast waits are woken");
  return true;
}

bool test_wait_releases_mutex(tap::Tap& tap) {
  Mutex mutex;
  Condition condition;
  bool ready = false;
  Atomic<std::uint32_t> waiting{0};
  Atomic<std::uint32_t> returned{0};
  Atomic<std::uint32_t> may_unlock{0};
  bool predicate_result = false;

  Crew<1> crew;
  crew.spawn([&] {
    mutex.lock();
    waiting.store(1);
    predicate_result =
        condition.wait_for(mutex, hang_limit, [&ready] { return ready; });
    returned.store(1);
    // Keep the mutex until the main thread has seen that it is held.
    (void)poll_until_at_least(may_unlock, 1);
    mutex.unlock();
  });

  // The waiter holds the mutex until its wait releases it: try_lock
  // succeeds only then, and never hangs the test if the wait does not.
  bool locked = poll_until_at_least(waiting, 1);
  std::int64_t end = monotonic_ns() + hang_limit_ns;
  while (locked && !mutex.try_lock()) {
    if (monotonic_ns() > end)
      locked = false;
    tap::sleep_ms(1);
  }
  tap.check(locked, "wait releases the mutex");
  if (locked) {
    ready = true;
    condition.signal();
    // The woken waiter needs the mutex back, so it cannot return yet.
    tap::sleep_ms(20);
    tap.equal(returned.load(), 0u, "woken waiter waits for the mutex");
    mutex.unlock();
  }

  (void)poll_until_at_least(returned, 1);
  bool held = !mutex.try_lock();
  tap.check(held, "wait returns with the mutex held");
  if (!held)
    mutex.unlock();
  may_unlock.store(1);
  if (!tap.check(crew.join(), "released waiter returns"))
    return false;
  tap.check(predicate_result, "wait_for with a predicate returns true");
  bool free_again = mutex.try_lock();
  tap.check(free_again, "mutex free after the waiter unlocks");
  if (free_again)
    mutex.unlock();
  return true;
}

// One timed wait on a helper thread, and no thread signals it. The main
// thread, as another thread, then tries to lock the mutex that the waiter
// should hold again.
struct TimedWaitOutcome {
  bool joined = false;
  bool returned = false;
  WaitResult result = WaitResult::woken;
  bool predicate_result = true;
  std::int64_t elapsed_ns = 0;
  bool held_after_return = false;
};

template <class Wait> TimedWaitOutcome run_unsignalled_wait(Wait wait) {
  Mutex mutex;
  Condition condition;
  Atomic<std::uint32_t> returned{0};
  Atomic<std::uint32_t> may_unlock{0};
  TimedWaitOutcome outcome;

  Crew<1> crew;
  crew.spawn([&] {
    mutex.lock();
    std::int64_t start = monotonic_ns();
    wait(mutex, condition, outcome);
    outcome.elapsed_ns = monotonic_ns() - start;
    returned.store(1);
    (void)poll_until_at_least(may_unlock, 1);
    mutex.unlock();
  });
  outcome.returned = poll_until_at_least(returned, 1);
  if (outcome.returned) {
    outcome.held_after_return = !mutex.try_lock();
    if (!outcome.held_after_return)
      mutex.unlock();
  }
  may_unlock.store(1);
  outcome.joined = crew.join();
  return outcome;
}

bool test_timed_waits(tap::Tap& tap) {
  TimedWaitOutcome out = run_unsignalled_wait(
      [](Mutex& mutex, Condition& condition, TimedWaitOutcome& outcome) {
        outcome.result = condition.wait_for(mutex, Duration::milliseconds(50));
      });
  if (!tap.check(out.joined, "wait_for 50 ms returns"))
    return false;
  expect_result(tap, out.result, WaitResult::timed_out,
                "wait_for 50 ms times out");
  expect_at_least(tap, out.elapsed_ns, 50 * nanoseconds_per_millisecond,
                  "wait_for 50 ms lasts at least 50 ms");
  tap.check(out.held_after_return, "mutex held after wait_for 50 ms");

  out = run_unsignalled_wait(
      [](Mutex& mutex, Condition& condition, TimedWaitOutcome& outcome) {
        outcome.result = condition.wait_for(mutex, Duration::milliseconds(200));
      });
  if (!tap.check(out.joined, "wait_for 200 ms returns"))
    return false;
  expect_result(tap, out.result, WaitResult::timed_out,
                "wait_for 200 ms times out");
  expect_at_least(tap, out.elapsed_ns, 200 * nanoseconds_per_millisecond,
                  "wait_for 200 ms lasts at least 200 ms");
  tap.check(out.held_after_return, "mutex held after wait_for 200 ms");

  out = run_unsignalled_wait(
      [](Mutex& mutex, Condition& condition, TimedWaitOutcome& outcome) {
        outcome.result = condition.wait_until(
            mutex, Deadline::after(Duration::milliseconds(-1)));
      });
  if (!tap.check(out.joined, "wait_until a past deadline returns"))
    return false;
  expect_result(tap, out.result, WaitResult::timed_out,
                "wait_until a past deadline times out");
  tap.check(out.held_after_return, "mutex held after a past deadline");

  out = run_unsignalled_wait(
      [](Mutex& mutex, Condition& condition, TimedWaitOutcome& outcome) {
        outcome.predicate_result = condition.wait_for(
            mutex, Duration::milliseconds(50), [] { return false; });
      });
  if (!tap.check(out.joined, "predicate wait_for 50 ms returns"))
    return false;
  tap.check(!out.predicate_result,
            "predicate wait_for returns false on timeout");
  expect_at_least(tap, out.elapsed_ns, 50 * nanoseconds_per_millisecond,
                  "predicate wait_for lasts at least 50 ms");
  tap.check(out.held_after_return, "mutex held after a predicate timeout");

  out = run_unsignalled_wait([](Mutex& mutex, Condition& condition,
                                TimedWaitOutcome& outcome) {
    outcome.predicate_result =
        condition.wait_until(mutex, Deadline::after(Duration::milliseconds(-1)),
                             [] { return true; });
  });
  if (!tap.check(out.joined, "satisfied predicate wait returns"))
    return false;
  tap.check(out.predicate_result,
            "satisfied predicate returns true past the deadline");
  tap.check(out.held_after_return, "mutex held after a satisfied predicate");
  return true;
}

// The untimed predicate wait returns once another thread makes the
// predicate true and broadcasts; a broadcast before that must not end it.
bool test_untimed_predicate_wait(tap::Tap& tap) {
  Mutex mutex;
  Condition condition;
  int stage = 0;
  Atomic<std::uint32_t> waiting{0};
  Atomic<std::uint32_t> returned{0};
  int stage_seen = 0;

  Crew<1> crew;
  crew.spawn([&] {
    mutex.lock();
    waiting.store(1);
    condition.wait(mutex, [&stage] { return stage == 2; });
    stage_seen = stage;
    returned.store(1);
    mutex.unlock();
  });
  bool asleep =
      poll_until_at_least(waiting, 1) && wait_until_asleep(crew.tid(0));
  tap.check(asleep, "predicate waiter sleeps");

  mutex.lock();
  stage = 1;
  condition.broadcast();
  mutex.unlock();
  // The waiter wakes, finds the predicate false and must wait again.
  tap::sleep_ms(20);
  tap.equal(returned.load(), 0u, "false predicate keeps waiting");

  mutex.lock();
  stage = 2;
  condition.broadcast();
  mutex.unlock();
  if (!tap.check(crew.join(), "true predicate ends the wait"))
    return false;
  tap.equal(stage_seen, 2, "predicate wait returns with the new state");
  return true;
}

// Stress 1: producers and consumers pass 100,000 unique values through a
// ring buffer of 64 slots. Every value must arrive exactly once.
constexpr std::uint32_t queue_items = 100000;
constexpr std::uint32_t queue_capacity = 64;
constexpr int producers = 2;
constexpr int consumers = 2;

struct Queue {
  Mutex mutex;
  Condition not_empty;
  Condition not_full;
  std::uint32_t slots[queue_capacity] = {};
  std::uint32_t head = 0;
  std::uint32_t count = 0;
  // Items removed from the buffer so far.
  std::uint32_t dequeued = 0;
  // Set when a wait timed out: every thread then stops.
  bool stalled = false;
};

// How often each consumer received each value, saturating at 255. Static,
// because 200,000 bytes do not belong on a test thread's stack.
std::uint8_t received[consumers][queue_items];

struct ConsumerTotals {
  std::uint64_t sum = 0;
  std::uint32_t count = 0;
  std::uint32_t out_of_range = 0;
};

void produce(Queue& queue, std::uint32_t first) {
  for (std::uint32_t value = first; value < queue_items; value += producers) {
    queue.mutex.lock();
    bool has_room = queue.not_full.wait_for(queue.mutex, hang_limit, [&] {
      return queue.count < queue_capacity || queue.stalled;
    });
    if (!has_room || queue.stalled) {
      queue.stalled = true;
      queue.not_empty.broadcast();
      queue.not_full.broadcast();
      queue.mutex.unlock();
      return;
    }
    queue.slots[(queue.head + queue.count) % queue_capacity] = value;
    queue.count++;
    // Signalled with the mutex held here and without it in consume, since
    // both are correct.
    queue.not_empty.signal();
    queue.mutex.unlock();
  }
}

void consume(Queue& queue, int consumer, ConsumerTotals& totals) {
  for (;;) {
    queue.mutex.lock();
    bool has_item = queue.not_empty.wait_for(queue.mutex, hang_limit, [&] {
      return queue.count > 0 || queue.dequeued == queue_items || queue.stalled;
    });
    if (!has_item || queue.stalled) {
      queue.stalled = true;
      queue.not_empty.broadcast();
      queue.not_full.broadcast();
      queue.mutex.unlock();
      return;
    }
    if (queue.count == 0) {
      // Every item has been dequeued.
      queue.mutex.unlock();
      return;
    }
    std::uint32_t value = queue.slots[queue.head];
    queue.head = (queue.head + 1) % queue_capacity;
    queue.count--;
    queue.dequeued++;
    bool last = queue.dequeued == queue_items;
    queue.mutex.unlock();
    queue.not_full.signal();
    // The other consumers may be asleep on an empty queue that will not
    // fill again.
    if (last)
      queue.not_empty.broadcast();

    totals.count++;
    totals.sum += value;
    if (value >= queue_items) {
      totals.out_of_range++;
    } else if (received[consumer][value] < 255) {
      received[consumer][value]++;
    }
  }
}

bool test_producer_consumer_stress(tap::Tap& tap) {
  Queue queue;
  ConsumerTotals totals[consumers];
  Crew<producers + consumers> crew;
  for (int i = 0; i < consumers; i++) {
    crew.spawn([&queue, &totals, i] { consume(queue, i, totals[i]); });
  }
  for (int i = 0; i < producers; i++) {
    auto first = static_cast<std::uint32_t>(i);
    crew.spawn([&queue, first] { produce(queue, first); });
  }
  if (!tap.check(crew.join(), "producers and consumers finish"))
    return false;
  tap.check(!queue.stalled, "no queue wait timed out");

  std::uint32_t count = 0;
  std::uint64_t sum = 0;
  std::uint32_t out_of_range = 0;
  for (const ConsumerTotals& consumer : totals) {
    count += consumer.count;
    sum += consumer.sum;
    out_of_range += consumer.out_of_range;
  }
  std::uint32_t lost = 0;
  std::uint32_t duplicated = 0;
  for (std::uint32_t value = 0; value < queue_items; value++) {
    int copies = 0;
    for (int consumer = 0; consumer < consumers; consumer++)
      copies += received[consumer][value];
    lost += copies == 0;
    duplicated += copies > 1;
  }
  tap.equal(count, queue_items, "100000 items consumed");
  tap.equal(lost, 0u, "no item lost");
  tap.equal(duplicated, 0u, "no item consumed twice");
  tap.equal(out_of_range, 0u, "no consumed value out of range");
  tap.equal(sum,
            static_cast<std::uint64_t>(queue_items) * (queue_items - 1) / 2,
            "sum of consumed items");
  return true;
}

// Stress 2: 1,000 rounds in which the main thread broadcasts to 32 waiters
// once all of them are inside wait, then waits until each has woken.
constexpr int round_waiters = 32;
constexpr std::uint32_t rounds = 1000;

struct Rounds {
  Mutex mutex;
  // Waiters wait here for the next round.
  Condition next_round;
  // The main thread waits here for the counts below.
  Condition progress;
  std::uint32_t round = 0;
  // Waiters inside next_round's wait.
  std::uint32_t waiting = 0;
  // Waiters that have woken in the current round.
  std::uint32_t woken = 0;
  bool stop = false;
  // Set when a waiter's wait timed out.
  bool missed = false;
};

void wait_rounds(Rounds& rounds) {
  rounds.mutex.lock();
  std::uint32_t seen = rounds.round;
  for (;;) {
    rounds.waiting++;
    if (rounds.waiting == round_waiters)
      rounds.progress.signal();
    bool changed = rounds.next_round.wait_for(rounds.mutex, hang_limit, [&] {
      return rounds.round != seen || rounds.stop;
    });
    rounds.waiting--;
    if (!changed) {
      rounds.missed = true;
      rounds.progress.signal();
      break;
    }
    if (rounds.stop)
      break;
    seen = rounds.round;
    rounds.woken++;
    if (rounds.woken == round_waiters)
      rounds.progress.signal();
  }
  rounds.mutex.unlock();
}

bool test_broadcast_rounds(tap::Tap& tap) {
  Rounds state;
  Crew<round_waiters> crew;
  for (int i = 0; i < round_waiters; i++)
    crew.spawn([&state] { wait_rounds(state); });

  std::uint32_t completed = 0;
  std::uint32_t failed_round = 0;
  const char* failure_point = "";
  std::uint32_t woken_in_failed_round = 0;
  std::uint32_t waiting_in_failed_round = 0;
  state.mutex.lock();
  // The extra pass at the end only checks the last round.
  for (std::uint32_t round = 1; round <= rounds + 1; round++) {
    bool all_waiting = state.progress.wait_for(state.mutex, hang_limit, [&] {
      return state.waiting == round_waiters || state.missed;
    });
    // Each waiter wakes once per round: a count above 32 shows up here,
    // after the stragglers of the previous round have gone back to sleep.
    if (!all_waiting || state.missed ||
        (round > 1 && state.woken != round_waiters)) {
      failed_round = round;
      failure_point = round > 1 ? "before broadcast, woken in the last round"
                                : "before the first broadcast";
      woken_in_failed_round = state.woken;
      waiting_in_failed_round = state.waiting;
      break;
    }
    if (round > 1)
      completed++;
    if (round > rounds)
      break;
    state.woken = 0;
    state.round = round;
    state.next_round.broadcast();
    bool all_woken = state.progress.wait_for(state.mutex, hang_limit, [&] {
      return state.woken == round_waiters || state.missed;
    });
    if (!all_woken || state.missed) {
      failed_round = round;
      failure_point = "after broadcast";
      woken_in_failed_round = state.woken;
      waiting_in_failed_round = state.waiting;
      break;
    }
  }
  state.stop = true;
  state.next_round.broadcast();
  state.mutex.unlock();

  if (failed_round != 0) {
    tap.output() << "# round " << failed_round << ", " << failure_point << ": "
                 << woken_in_failed_round << " of " << round_waiters
                 << " waiters woken, " << waiting_in_failed_round << " waiting"
                 << (state.missed ? ", a waiter timed out\n" : "\n");
  }
  tap.equal(completed, rounds, "32 waiters woken in each of 1000 rounds");
  if (!tap.check(crew.join(), "round waiters finish"))
    return false;
  tap.check(!state.missed, "no round waiter timed out");
  return true;
}

// Two threads take 10,000 turns each through untimed predicate waits, the
// form the stress tests above do not use. A lost wake-up leaves both
// asleep, which the crew's join reports.
constexpr std::uint32_t turns = 10000;

struct Turns {
  Mutex mutex;
  Condition turn_changed;
  std::uint32_t turn = 0;
  std::uint32_t passes = 0;
};

void take_turns(Turns& state, std::uint32_t side) {
  state.mutex.lock();
  for (std::uint32_t i = 0; i < turns; i++) {
    state.turn_changed.wait(state.mutex, [&] { return state.turn == side; });
    state.passes++;
    state.turn = 1 - side;
    state.turn_changed.signal();
  }
  state.mutex.unlock();
}

bool test_untimed_turns(tap::Tap& tap) {
  Turns state;
  Crew<2> crew;
  crew.spawn([&state] { take_turns(state, 0); });
  crew.spawn([&state] { take_turns(state, 1); });
  if (!tap.check(crew.join(), "two threads finish 10000 turns each"))
    return false;
  tap.equal(state.passes, 2 * turns, "untimed waits pass every turn");
  return true;
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  bool running = test_signal_wakes_one(tap) && test_broadcast_wakes_all(tap) &&
                 test_wait_releases_mutex(tap) && test_timed_waits(tap) &&
                 test_untimed_predicate_wait(tap) &&
                 test_producer_consumer_stress(tap) &&
                 test_broadcast_rounds(tap) && test_untimed_turns(tap);
  if (!running)
    tap.note("a thread is stuck in a wait; later checks did not run");
  return tap.finish();
}
