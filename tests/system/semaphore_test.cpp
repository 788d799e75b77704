// SPDX-License-Identifier: MIT
// Semaphore: the initial value, post and the waits, timeouts on
// CLOCK_MONOTONIC, the EOVERFLOW limit, and posters and waiters exchanging
// permits without losing any.
#include <cstdint>

#include "tap.hpp"
#include "waiting.hpp"
#include "weft.hpp"

namespace {

void test_initial_value(tap::Tap& tap) {
  weft::Semaphore semaphore{3};
  tap.equal(semaphore.value(), 3u, "initial value 3");
  int taken = 0;
  for (int i = 0; i < 3; i++)
    taken += semaphore.try_wait() ? 1 : 0;
  tap.equal(taken, 3, "three try_wait succeed on value 3");
  tap.equal(semaphore.value(), 0u, "value 0 after three try_wait");
  tap.check(!semaphore.try_wait(), "fourth try_wait fails");
  tap.equal(semaphore.value(), 0u, "failed try_wait leaves value 0");

  weft::Semaphore empty;
  tap.equal(empty.value(), 0u, "default initial value 0");
  tap.check(!empty.try_wait(), "try_wait on value 0 fails");
}

void test_post_then_wait(tap::Tap& tap) {
  weft::Semaphore semaphore;
  bool posted = true;
  for (int i = 0; i < 5; i++)
    posted = semaphore.post().has_value() && posted;
  tap.check(posted, "five posts succeed");
  tap.equal(semaphore.value(), 5u, "value counts five posts");
  tap.check(semaphore.try_wait(), "try_wait after posts succeeds");
  tap.equal(semaphore.value(), 4u, "try_wait takes one permit");

  std::uint32_t after_wait =
      tap::run_bounded(tap, "wait after post returns", [&] {
        semaphore.wait();
        return semaphore.value();
      });
  tap.equal(after_wait, 3u, "wait after post takes one permit");
}

struct BlockedWaiter {
  weft::Semaphore semaphore;
  weft::Atomic<std::uint32_t> started{0};
  weft::Atomic<std::uint32_t> returned{0};
};

void test_wait_blocks_until_post(tap::Tap& tap) {
  BlockedWaiter waiter;
  auto handle = weft::Thread::spawn(
      tap::small_stack,
      [](BlockedWaiter* shared) {
        shared->started.store(1);
        shared->semaphore.wait();
        shared->returned.store(1);
      },
      &waiter);
  if (!tap.check(handle.has_value(), "spawn blocked waiter"))
    return;
  (void)tap::poll_until_at_least(waiter.started, 1);
  tap.check(tap::wait_until_asleep(handle->id()), "waiter sleeps on value 0");
  tap.equal(waiter.returned.load(), 0u, "wait does not return before post");

  tap.check(waiter.semaphore.post().has_value(), "post to sleeping waiter");
  bool woken = tap::poll_until_at_least(waiter.returned, 1);
  tap.check(woken, "post wakes sleeping waiter");
  if (!woken)
    tap::bail_out(tap, "the waiter did not wake within 60 s of a post");
  handle->join();
  tap.equal(waiter.semaphore.value(), 0u, "woken waiter took the permit");
}

struct TimedWait {
  bool acquired;
  std::int64_t elapsed_ns;
};

void test_timeouts(tap::Tap& tap) {
  weft::Semaphore semaphore;
  constexpr weft::Duration timeout = weft::Duration::milliseconds(50);

  TimedWait timed = tap::run_bounded(tap, "wait_for on value 0 returns", [&] {
    std::int64_t start = tap::monotonic_ns();
    bool acquired = semaphore.wait_for(timeout);
    return TimedWait{acquired, tap::monotonic_ns() - start};
  });
  tap.check(!timed.acquired, "wait_for on value 0 times out");
  tap::expect_at_least(tap, timed.elapsed_ns, timeout.count(),
                       "wait_for times out no earlier than requested");

  struct DeadlineWait {
    bool acquired;
    std::int64_t deadline_ns;
    std::int64_t returned_ns;
  };
  DeadlineWait until =
      tap::run_bounded(tap, "wait_until on value 0 returns", [&] {
        weft::Deadline deadline = weft::Deadline::after(timeout);
        bool acquired = semaphore.wait_until(deadline);
        return DeadlineWait{acquired, deadline.nanoseconds(),
                            tap::monotonic_ns()};
      });
  tap.check(!until.acquired, "wait_until on value 0 times out");
  tap::expect_at_least(tap, until.returned_ns, until.deadline_ns,
                       "wait_until times out no earlier than its deadline");

  weft::Deadline past = weft::Deadline::after(weft::Duration::milliseconds(-1));
  tap.check(!tap::run_bounded(tap, "wait_until past deadline returns",
                              [&] { return semaphore.wait_until(past); }),
            "wait_until past deadline times out");
  tap.check(!tap::run_bounded(tap, "wait_until before clock origin returns",
                              [&] {
                                return semaphore.wait_until(
                                    weft::Deadline::from_nanoseconds(-1));
                              }),
            "wait_until before clock origin times out");
  tap.check(
      !tap::run_bounded(
          tap, "wait_for negative duration returns",
          [&] { return semaphore.wait_for(weft::Duration::milliseconds(-5)); }),
      "wait_for negative duration times out");
  tap.equal(semaphore.value(), 0u, "timed out waits leave value 0");

  (void)semaphore.post();
  tap.check(tap::run_bounded(tap,
                             "wait_until past deadline with permit returns",
                             [&] { return semaphore.wait_until(past); }),
            "wait_until past deadline takes present permit");
  tap.equal(semaphore.value(), 0u, "value 0 after timed wait took permit");
  (void)semaphore.post();
  tap.check(
      tap::run_bounded(
          tap, "wait_for zero with permit returns",
          [&] { return semaphore.wait_for(weft::Duration::nanoseconds(0)); }),
      "wait_for zero takes present permit");
}

void test_overflow(tap::Tap& tap) {
  weft::Semaphore semaphore{weft::Semaphore::max_value};
  tap.equal(semaphore.value(), weft::Semaphore::max_value,
            "value starts at max_value");
  tap.fails_with(semaphore.post(), EOVERFLOW,
                 "post at max_value fails with EOVERFLOW");
  tap.equal(semaphore.value(), weft::Semaphore::max_value,
            "failed post leaves value at max_value");
  tap.check(semaphore.try_wait(), "try_wait at max_value succeeds");
  tap.equal(semaphore.value(), weft::Semaphore::max_value - 1,
            "value one below max_value");
  tap.check(semaphore.post().has_value(), "post up to max_value succeeds");
  tap.equal(semaphore.value(), weft::Semaphore::max_value,
            "value back at max_value");
}

// Exchange stress: posters and waiters run at once, so that waiters
// sleep, posts arrive while sleepers come and go, and every wake-up races
// with new waiters taking permits first.
constexpr std::uint32_t posters = 4;
constexpr std::uint32_t waiters = 4;
constexpr std::uint32_t permits_per_waiter = 5000;
// Each poster posts this many more than a waiter takes, so the final value
// is a known non-zero number.
constexpr std::uint32_t surplus_per_poster = 25;

struct Exchange {
  weft::Semaphore semaphore;
  weft::Atomic<std::uint32_t> posted{0};
  weft::Atomic<std::uint32_t> failed_posts{0};
  weft::Atomic<std::uint32_t> waited{0};
  weft::Atomic<std::uint32_t> finished{0};
};

void post_permits(Exchange* exchange) {
  std::uint32_t posted = 0;
  std::uint32_t failed = 0;
  for (std::uint32_t i = 0; i < permits_per_waiter + surplus_per_poster; i++) {
    if (exchange->semaphore.post())
      posted++;
    else
      failed++;
    // Pausing now and then lets the waiters drain the value and sleep.
    if (i % 32 == 31)
      weft::Thread::yield();
  }
  exchange->posted.fetch_add(posted);
  exchange->failed_posts.fetch_add(failed);
  exchange->finished.fetch_add(1);
}

void wait_permits(Exchange* exchange) {
  for (std::uint32_t i = 0; i < permits_per_waiter; i++)
    exchange->semaphore.wait();
  exchange->waited.fetch_add(permits_per_waiter);
  exchange->finished.fetch_add(1);
}

void test_exchange_stress(tap::Tap& tap) {
  Exchange exchange;
  tap::HandleArray<void, posters + waiters> handles;
  for (std::uint32_t i = 0; i < posters + waiters; i++) {
    auto handle =
        i % 2 == 0
            ? weft::Thread::spawn(tap::small_stack, post_permits, &exchange)
            : weft::Thread::spawn(tap::small_stack, wait_permits, &exchange);
    if (!handles.add(handle))
      tap::bail_out(tap, "spawn failed");
  }
  bool done = tap::poll_until_at_least(exchange.finished, posters + waiters);
  tap.check(done, "exchange stress finishes within 60 s");
  if (!done) {
    tap.output() << "# value " << exchange.semaphore.value() << ", "
                 << exchange.waited.load() << " waits returned\n";
    tap::bail_out(tap, "waiters stayed asleep with permits posted");
  }
  for (int i = 0; i < handles.size(); i++)
    handles[i].join();

  constexpr std::uint32_t total_posts =
      posters * (permits_per_waiter + surplus_per_poster);
  constexpr std::uint32_t total_waits = waiters * permits_per_waiter;
  tap.equal(exchange.posted.load(), total_posts, "every stress post succeeds");
  tap.equal(exchange.failed_posts.load(), 0u, "no stress post fails");
  tap.equal(exchange.waited.load(), total_waits, "every stress wait returns");
  tap.equal(exchange.semaphore.value(), total_posts - total_waits,
            "final value is posts minus waits");
}

// Timed stress: waiters take permits with wait_for, wait_until and
// try_wait until the posters are done. A timeout that races with a post
// must either take the permit or leave it in the value.
constexpr std::uint32_t timed_posts_per_poster = 4000;

struct TimedExchange {
  weft::Semaphore semaphore;
  weft::Atomic<std::uint32_t> posters_done{0};
  weft::Atomic<std::uint32_t> taken{0};
  weft::Atomic<std::uint32_t> missed{0};
  weft::Atomic<std::uint32_t> failed_posts{0};
  weft::Atomic<std::uint32_t> finished{0};
};

void post_timed_permits(TimedExchange* exchange) {
  std::uint32_t failed = 0;
  for (std::uint32_t i = 0; i < timed_posts_per_poster; i++) {
    if (!exchange->semaphore.post())
      failed++;
    if (i % 16 == 15)
      weft::Thread::yield();
  }
  exchange->failed_posts.fetch_add(failed);
  exchange->posters_done.fetch_add(1);
  exchange->finished.fetch_add(1);
}

void take_timed_permits(TimedExchange* exchange) {
  std::uint32_t taken = 0;
  std::uint32_t missed = 0;
  for (std::uint32_t round = 0; exchange->posters_done.load() < posters;
       round++) {
    bool acquired = false;
    switch (round % 3) {
    case 0:
      acquired = exchange->semaphore.wait_for(weft::Duration::microseconds(50));
      break;
    case 1:
      acquired = exchange->semaphore.wait_until(
          weft::Deadline::after(weft::Duration::microseconds(200)));
      break;
    default:
      acquired = exchange->semaphore.try_wait();
      break;
    }
    if (acquired)
      taken++;
    else
      missed++;
  }
  exchange->taken.fetch_add(taken);
  exchange->missed.fetch_add(missed);
  exchange->finished.fetch_add(1);
}

void test_timed_stress(tap::Tap& tap) {
  TimedExchange exchange;
  tap::HandleArray<void, posters + waiters> handles;
  for (std::uint32_t i = 0; i < posters + waiters; i++) {
    auto handle = i % 2 == 0
                      ? weft::Thread::spawn(tap::small_stack,
                                            post_timed_permits, &exchange)
                      : weft::Thread::spawn(tap::small_stack,
                                            take_timed_permits, &exchange);
    if (!handles.add(handle))
      tap::bail_out(tap, "spawn failed");
  }
  bool done = tap::poll_until_at_least(exchange.finished, posters + waiters);
  tap.check(done, "timed stress finishes within 60 s");
  if (!done)
    tap::bail_out(tap, "a timed wait did not return within 60 s");
  for (int i = 0; i < handles.size(); i++)
    handles[i].join();

  constexpr std::uint32_t total_posts = posters * timed_posts_per_poster;
  tap.equal(exchange.failed_posts.load(), 0u, "no timed stress post fails");
  tap.check(exchange.taken.load() > 0, "timed waiters take permits");
  tap.equal(exchange.taken.load() + exchange.semaphore.value(), total_posts,
            "permits taken plus final value equal posts");
  tap.output() << "# timed stress: " << exchange.taken.load() << " taken, "
               << exchange.missed.load() << " timed out or found none, "
               << exchange.semaphore.value() << " left\n";
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  test_initial_value(tap);
  test_post_then_wait(tap);
  test_wait_blocks_until_post(tap);
  test_timeouts(tap);
  test_overflow(tap);
  test_exchange_stress(tap);
  test_timed_stress(tap);
  return tap.finish();
}
