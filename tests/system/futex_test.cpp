// SPDX-License-Identifier: MIT
// Futex: waits that return at once or sleep until woken, the count that
// wake returns, timed waits measured on CLOCK_MONOTONIC, and the
// saturating arithmetic of Duration and Deadline.
#include <cstdint>

#include "tap.hpp"
#include "waiting.hpp"
#include "weft.hpp"

namespace {

using tap::Crew;
using tap::expect_at_least;
using tap::expect_result;
using tap::monotonic_ns;
using tap::nanoseconds_per_millisecond;
using tap::poll_until_at_least;
using tap::wait_until_asleep;
using weft::Atomic;
using weft::Deadline;
using weft::Duration;
using weft::Futex;
using weft::MemoryOrder;
using weft::WaitResult;

// Each test returns false when a thread got stuck, and main then stops.

bool test_wait_on_differing_word(tap::Tap& tap) {
  Atomic<std::uint32_t> word{5};
  WaitResult timed_result = WaitResult::timed_out;
  Crew<1> crew;
  crew.spawn([&] {
    Futex::wait(word, 4);
    timed_result = Futex::wait_for(word, 4, Duration::seconds(60));
  });
  if (!tap.check(crew.join(), "wait on a differing word returns"))
    return false;
  expect_result(tap, timed_result, WaitResult::woken,
                "wait_for on a differing word is woken");
  return true;
}

bool test_wake_one_ends_sleep(tap::Tap& tap) {
  Atomic<std::uint32_t> word{0};
  Atomic<std::uint32_t> arrived{0};
  Atomic<std::uint32_t> returned{0};
  std::uint32_t observed = 0;
  Crew<1> crew;
  crew.spawn([&] {
    arrived.store(1);
    Futex::wait(word, 0);
    observed = word.load();
    returned.store(1);
  });
  bool asleep =
      poll_until_at_least(arrived, 1) && wait_until_asleep(crew.tid(0));
  tap.check(asleep, "waiter sleeps in wait");
  tap.equal(returned.load(), 0u, "wait blocks while the word is unchanged");

  word.store(1);
  Futex::wake_one(word);
  if (!tap.check(crew.join(), "wake_one ends the wait"))
    return false;
  tap.equal(observed, 1u, "woken waiter sees the new value");
  return true;
}

bool test_wake_counts(tap::Tap& tap) {
  constexpr int waiters = 3;
  Atomic<std::uint32_t> word{0};
  Atomic<std::uint32_t> arrived{0};
  Atomic<std::uint32_t> returned{0};
  Crew<waiters> crew;
  for (int i = 0; i < waiters; i++) {
    crew.spawn([&] {
      arrived.fetch_add(1);
      // The word never changes: only a wake-up ends this wait.
      Futex::wait(word, 0);
      returned.fetch_add(1);
    });
  }
  bool asleep = poll_until_at_least(arrived, waiters);
  for (int i = 0; i < waiters; i++)
    asleep = asleep && wait_until_asleep(crew.tid(i));
  tap.check(asleep, "three waiters sleep in wait");

  tap.equal(Futex::wake(word, 2), 2, "wake of 2 returns 2");
  (void)poll_until_at_least(returned, 2);
  // A third return, if wake woke too many, has time to show up.
  tap::sleep_ms(20);
  tap.equal(returned.load(), 2u, "wake of 2 ends two waits");

  tap.equal(Futex::wake(word, Futex::max_waiters), 1,
            "wake of all returns the last waiter");
  if (!tap.check(crew.join(), "every woken waiter returns"))
    return false;
  tap.equal(Futex::wake(word, 1), 0, "wake with no waiters returns 0");

  Atomic<std::uint32_t> unused{0};
  tap.equal(Futex::wake(unused, Futex::max_waiters), 0,
            "wake of an unused word returns 0");
  return true;
}

// Waits whose deadline is far away, or never, must sleep until woken.
bool test_far_deadlines_block(tap::Tap& tap) {
  constexpr int waiters = 3;
  Atomic<std::uint32_t> word{0};
  Atomic<std::uint32_t> arrived{0};
  Atomic<std::uint32_t> returned{0};
  WaitResult results[waiters] = {WaitResult::timed_out, WaitResult::timed_out,
                                 WaitResult::timed_out};
  Crew<waiters> crew;
  crew.spawn([&] {
    arrived.fetch_add(1);
    results[0] = Futex::wait_for(word, 0, Duration::seconds(60));
    returned.fetch_add(1);
  });
  crew.spawn([&] {
    arrived.fetch_add(1);
    // Saturates to Deadline::never() instead of wrapping into the past.
    results[1] = Futex::wait_for(word, 0, Duration::seconds(INT64_MAX));
    returned.fetch_add(1);
  });
  crew.spawn([&] {
    arrived.fetch_add(1);
    results[2] = Futex::wait_until(word, 0, Deadline::never());
    returned.fetch_add(1);
  });
  bool asleep = poll_until_at_least(arrived, waiters);
  for (int i = 0; i < waiters; i++)
    asleep = asleep && wait_until_asleep(crew.tid(i));
  tap.check(asleep, "timed waits with far deadlines sleep");
  tap.equal(returned.load(), 0u, "far deadlines do not time out at once");

  word.store(1);
  Futex::wake_all(word);
  if (!tap.check(crew.join(), "wake_all ends timed waits"))
    return false;
  expect_result(tap, results[0], WaitResult::woken,
                "wait_for 60 s is woken by wake_all");
  expect_result(tap, results[1], WaitResult::woken,
                "wait_for the maximum duration is woken");
  expect_result(tap, results[2], WaitResult::woken,
                "wait_until never is woken");
  return true;
}

// Waits that no thread ends: each must time out on its own.
struct TimeoutOutcomes {
  WaitResult for_50ms = WaitResult::woken;
  std::int64_t elapsed_50ms = 0;
  WaitResult for_200ms = WaitResult::woken;
  std::int64_t elapsed_200ms = 0;
  WaitResult until_100ms = WaitResult::woken;
  std::int64_t until_100ms_deadline = 0;
  std::int64_t until_100ms_end = 0;
  WaitResult until_past = WaitResult::woken;
  WaitResult until_now = WaitResult::woken;
  WaitResult until_origin = WaitResult::woken;
  WaitResult until_minimum = WaitResult::woken;
  WaitResult for_negative = WaitResult::woken;
  WaitResult for_minimum = WaitResult::woken;
};

void run_timeouts(const Atomic<std::uint32_t>& word, TimeoutOutcomes& out) {
  std::int64_t start = monotonic_ns();
  out.for_50ms = Futex::wait_for(word, 0, Duration::milliseconds(50));
  out.elapsed_50ms = monotonic_ns() - start;

  start = monotonic_ns();
  out.for_200ms = Futex::wait_for(word, 0, Duration::milliseconds(200));
  out.elapsed_200ms = monotonic_ns() - start;

  Deadline deadline = Deadline::after(Duration::milliseconds(100));
  out.until_100ms_deadline = deadline.nanoseconds();
  out.until_100ms = Futex::wait_until(word, 0, deadline);
  out.until_100ms_end = monotonic_ns();

  out.until_past =
      Futex::wait_until(word, 0, Deadline::after(Duration::milliseconds(-1)));
  out.until_now = Futex::wait_until(word, 0, Deadline::now());
  out.until_origin = Futex::wait_until(word, 0, Deadline::from_nanoseconds(0));
  out.until_minimum =
      Futex::wait_until(word, 0, Deadline::from_nanoseconds(INT64_MIN));
  out.for_negative = Futex::wait_for(word, 0, Duration::milliseconds(-100));
  out.for_minimum = Futex::wait_for(word, 0, Duration::seconds(INT64_MIN));
}

bool test_timeouts(tap::Tap& tap) {
  Atomic<std::uint32_t> word{0};
  TimeoutOutcomes out;
  Crew<1> crew;
  crew.spawn([&] { run_timeouts(word, out); });
  if (!tap.check(crew.join(), "unwoken timed waits return"))
    return false;

  expect_result(tap, out.for_50ms, WaitResult::timed_out,
                "wait_for 50 ms times out");
  expect_at_least(tap, out.elapsed_50ms, 50 * nanoseconds_per_millisecond,
                  "wait_for 50 ms lasts at least 50 ms");
  expect_result(tap, out.for_200ms, WaitResult::timed_out,
                "wait_for 200 ms times out");
  expect_at_least(tap, out.elapsed_200ms, 200 * nanoseconds_per_millisecond,
                  "wait_for 200 ms lasts at least 200 ms");
  expect_result(tap, out.until_100ms, WaitResult::timed_out,
                "wait_until 100 ms ahead times out");
  expect_at_least(tap, out.until_100ms_end, out.until_100ms_deadline,
                  "wait_until returns after its deadline");

  expect_result(tap, out.until_past, WaitResult::timed_out,
                "wait_until a past deadline times out");
  expect_result(tap, out.until_now, WaitResult::timed_out,
                "wait_until now times out");
  expect_result(tap, out.until_origin, WaitResult::timed_out,
                "wait_until the clock origin times out");
  expect_result(tap, out.until_minimum, WaitResult::timed_out,
                "wait_until a negative deadline times out");
  expect_result(tap, out.for_negative, WaitResult::timed_out,
                "wait_for a negative duration times out");
  expect_result(tap, out.for_minimum, WaitResult::timed_out,
                "wait_for the minimum duration times out");
  return true;
}

void test_duration_arithmetic(tap::Tap& tap) {
  tap.equal(Duration::milliseconds(1500).count(), INT64_C(1500000000),
            "1500 ms in nanoseconds");
  tap.equal(Duration::seconds(1).count() + Duration::milliseconds(500).count(),
            Duration::milliseconds(1500).count(), "1 s plus 500 ms is 1500 ms");
  tap.check(Duration::microseconds(1500000) == Duration::milliseconds(1500),
            "1500000 us equals 1500 ms");
  tap.equal(Duration::nanoseconds(-7).count(), INT64_C(-7),
            "negative nanoseconds kept");
  tap.equal(Duration::milliseconds(-1).count(), INT64_C(-1000000),
            "negative milliseconds scaled");
  tap.check(Duration::milliseconds(999) < Duration::seconds(1),
            "999 ms is less than 1 s");
  tap.equal(Duration().count(), INT64_C(0), "default duration is zero");

  tap.equal(Duration::seconds(INT64_MAX).count(), INT64_MAX,
            "seconds saturate at the maximum");
  tap.equal(Duration::seconds(INT64_MAX / 1000).count(), INT64_MAX,
            "large seconds saturate at the maximum");
  tap.equal(Duration::milliseconds(INT64_MIN).count(), INT64_MIN,
            "milliseconds saturate at the minimum");
  tap.equal(Duration::microseconds(INT64_MAX / 1000).count(),
            INT64_MAX / 1000 * 1000,
            "largest exact microseconds do not saturate");
}

void test_deadline_arithmetic(tap::Tap& tap) {
  Deadline base = Deadline::from_nanoseconds(7);
  tap.equal((base + Duration::seconds(1)).nanoseconds(), INT64_C(1000000007),
            "deadline plus 1 s");
  tap.equal(
      ((base + Duration::milliseconds(1500)) - (base + Duration::seconds(1)))
          .count(),
      INT64_C(500000000), "difference of two deadlines");
  tap.equal((base - (base + Duration::seconds(2))).count(),
            INT64_C(-2000000000), "earlier minus later is negative");

  tap.equal((Deadline::never() + Duration::seconds(1)).nanoseconds(), INT64_MAX,
            "never plus 1 s stays never");
  tap.check(Deadline::after(Duration::seconds(INT64_MAX)) == Deadline::never(),
            "after the maximum duration is never");
  // The duration itself is exact: only the addition saturates.
  tap.check(Deadline::after(Duration::nanoseconds(INT64_MAX - 1)) ==
                Deadline::never(),
            "after a huge duration saturates to never");
  tap.equal((Deadline::from_nanoseconds(INT64_MIN) + Duration::nanoseconds(-1))
                .nanoseconds(),
            INT64_MIN, "adding below the minimum saturates");
  tap.equal((Deadline::never() - Deadline::from_nanoseconds(-1)).count(),
            INT64_MAX, "subtraction saturates at the maximum");
  tap.equal(
      (Deadline::from_nanoseconds(INT64_MIN) - Deadline::from_nanoseconds(1))
          .count(),
      INT64_MIN, "subtraction saturates at the minimum");

  tap.check(Deadline::after(Duration::milliseconds(-100)) < Deadline::now(),
            "after a negative duration is in the past");
  tap.check(Deadline::after(Duration::seconds(60)).remaining() >
                Duration::seconds(30),
            "remaining before the deadline is positive");
  Deadline soon = Deadline::after(Duration::milliseconds(5));
  while (monotonic_ns() <= soon.nanoseconds())
    tap::sleep_ms(1);
  tap.check(soon.remaining() < Duration(),
            "remaining after the deadline is negative");

  std::int64_t before = monotonic_ns();
  std::int64_t now = Deadline::now().nanoseconds();
  std::int64_t after = monotonic_ns();
  tap.check(before <= now && now <= after, "now reads CLOCK_MONOTONIC");

  weft::sys::Timespec split =
      Deadline::from_nanoseconds(INT64_C(1500000000)).timespec();
  tap.equal(static_cast<std::int64_t>(split.tv_sec), INT64_C(1),
            "timespec seconds");
  tap.equal(static_cast<std::int64_t>(split.tv_nsec), INT64_C(500000000),
            "timespec nanoseconds");
  weft::sys::Timespec origin = Deadline::from_nanoseconds(-5).timespec();
  tap.check(origin.tv_sec == 0 && origin.tv_nsec == 0,
            "negative deadline becomes the clock origin");
  weft::sys::Timespec last = Deadline::never().timespec();
  tap.check(last.tv_sec == INT64_MAX / 1000000000 &&
                last.tv_nsec == INT64_MAX % 1000000000,
            "never as a timespec");
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  test_duration_arithmetic(tap);
  test_deadline_arithmetic(tap);
  bool running = test_wait_on_differing_word(tap) &&
                 test_wake_one_ends_sleep(tap) && test_wake_counts(tap) &&
                 test_far_deadlines_block(tap) && test_timeouts(tap);
  if (!running)
    tap.note("a thread is stuck in a futex wait; later checks did not run");
  return tap.finish();
}
