// SPDX-License-Identifier: MIT
// ResetEvent and AutoResetEvent: set, reset and the waits, waking one or
// every waiter, timeouts on CLOCK_MONOTONIC, and a ping-pong between two
// threads.
#include <cstdint>

#include "tap.hpp"
#include "waiting.hpp"
#include "weft.hpp"

namespace {

struct TimedWait {
  bool signalled;
  std::int64_t elapsed_ns;
};

// Times a wait_for on event from a bounded thread.
template <class Event>
TimedWait time_wait_for(tap::Tap& tap, const char* name, Event& event,
                        weft::Duration timeout) {
  return tap::run_bounded(tap, name, [&event, timeout] {
    std::int64_t start = tap::monotonic_ns();
    bool signalled = event.wait_for(timeout);
    return TimedWait{signalled, tap::monotonic_ns() - start};
  });
}

void test_reset_event_set_and_reset(tap::Tap& tap) {
  weft::ResetEvent event;
  tap.check(!event.is_set(), "ResetEvent starts unset");
  event.set();
  tap.check(event.is_set(), "set ResetEvent is set");
  tap.check(tap::run_bounded(tap, "wait on set ResetEvent returns",
                             [&event] {
                               event.wait();
                               return event.is_set();
                             }),
            "wait leaves ResetEvent set");
  tap.check(
      tap::run_bounded(
          tap, "wait_for on set ResetEvent returns",
          [&event] { return event.wait_for(weft::Duration::nanoseconds(0)); }),
      "wait_for zero on set ResetEvent succeeds");
  weft::Deadline past = weft::Deadline::after(weft::Duration::milliseconds(-1));
  tap.check(tap::run_bounded(tap, "wait_until on set ResetEvent returns",
                             [&event, past] { return event.wait_until(past); }),
            "wait_until past deadline on set ResetEvent succeeds");

  event.reset();
  tap.check(!event.is_set(), "reset ResetEvent is unset");
  event.reset();
  tap.check(!event.is_set(), "second reset keeps ResetEvent unset");
  event.set();
  event.set();
  tap.check(event.is_set(), "ResetEvent set twice is set");
  event.reset();
  tap.check(!event.is_set(), "one reset clears two sets");
  tap.check(
      !tap::run_bounded(tap, "wait_until on unset ResetEvent returns",
                        [&event, past] { return event.wait_until(past); }),
      "wait_until past deadline on unset ResetEvent fails");
}

// The timeout of timed waits that are expected to time out.
constexpr weft::Duration short_timeout = weft::Duration::milliseconds(50);

void test_reset_event_timeouts(tap::Tap& tap) {
  weft::ResetEvent event;
  TimedWait fresh = time_wait_for(tap, "wait_for on unset ResetEvent returns",
                                  event, short_timeout);
  tap.check(!fresh.signalled, "wait_for on unset ResetEvent times out");
  tap::expect_at_least(
      tap, fresh.elapsed_ns, short_timeout.count(),
      "ResetEvent wait_for times out no earlier than requested");

  struct DeadlineWait {
    bool signalled;
    std::int64_t late_ns;
  };
  DeadlineWait until =
      tap::run_bounded(tap, "wait_until on unset ResetEvent returns", [&event] {
        weft::Deadline deadline = weft::Deadline::after(short_timeout);
        bool signalled = event.wait_until(deadline);
        return DeadlineWait{signalled,
                            tap::monotonic_ns() - deadline.nanoseconds()};
      });
  tap.check(!until.signalled, "wait_until on unset ResetEvent times out");
  tap::expect_at_least(
      tap, until.late_ns, 0,
      "ResetEvent wait_until times out no earlier than deadline");

  // After a set and a reset with no thread waiting, a wait blocks again.
  event.set();
  event.reset();
  TimedWait again =
      time_wait_for(tap, "wait_for after reset returns", event, short_timeout);
  tap.check(!again.signalled, "wait_for after reset times out again");
  tap::expect_at_least(tap, again.elapsed_ns, short_timeout.count(),
                       "wait_for after reset waits the whole timeout");
}

// Waiters on one ResetEvent, alternately with wait and a long wait_for.
// Each counts itself in started before it waits and in returned after, and
// adds a success when its wait reported the event set.
constexpr std::uint32_t many_waiters = 16;

struct Gate {
  weft::ResetEvent event;
  weft::Atomic<std::uint32_t> started{0};
  weft::Atomic<std::uint32_t> returned{0};
  weft::Atomic<std::uint32_t> succeeded{0};
};

void wait_at_gate(Gate* gate, int index) {
  gate->started.fetch_add(1);
  bool signalled = true;
  if (index % 2 == 0)
    gate->event.wait();
  else
    signalled = gate->event.wait_for(weft::Duration::seconds(120));
  if (signalled)
    gate->succeeded.fetch_add(1);
  gate->returned.fetch_add(1);
}

// Spawns count waiters at gate and waits until each sleeps in its wait.
template <int capacity>
bool start_gate_waiters(tap::Tap& tap, Gate& gate,
                        tap::HandleArray<void, capacity>& handles,
                        std::uint32_t count) {
  for (std::uint32_t i = 0; i < count; i++) {
    auto handle = weft::Thread::spawn(tap::small_stack, wait_at_gate, &gate,
                                      static_cast<int>(i));
    if (!handles.add(handle))
      tap::bail_out(tap, "spawn failed");
  }
  (void)tap::poll_until_at_least(gate.started, count);
  bool asleep = true;
  for (int i = 0; i < handles.size(); i++)
    asleep = tap::wait_until_asleep(handles[i].id()) && asleep;
  return asleep;
}

void test_reset_event_wakes_waiter(tap::Tap& tap) {
  Gate gate;
  tap::HandleArray<void, 1> handles;
  tap.check(start_gate_waiters(tap, gate, handles, 1),
            "waiter sleeps on unset ResetEvent");
  tap.equal(gate.returned.load(), 0u, "ResetEvent wait blocks until set");
  gate.event.set();
  bool woken = tap::poll_until_at_least(gate.returned, 1);
  tap.check(woken, "set wakes sleeping ResetEvent waiter");
  if (!woken)
    tap::bail_out(tap, "a ResetEvent waiter did not wake within 60 s of set");
  handles[0].join();
  tap.equal(gate.succeeded.load(), 1u, "woken waiter saw ResetEvent set");
}

void test_reset_event_wakes_all(tap::Tap& tap) {
  Gate gate;
  tap::HandleArray<void, many_waiters> handles;
  tap.check(start_gate_waiters(tap, gate, handles, many_waiters),
            "16 waiters sleep on unset ResetEvent");
  tap.equal(gate.returned.load(), 0u, "no ResetEvent waiter returns early");
  gate.event.set();
  bool woken = tap::poll_until_at_least(gate.returned, many_waiters);
  tap.check(woken, "set wakes all 16 ResetEvent waiters");
  if (!woken)
    tap::bail_out(tap, "ResetEvent waiters did not wake within 60 s of set");
  for (int i = 0; i < handles.size(); i++)
    handles[i].join();
  tap.equal(gate.succeeded.load(), many_waiters,
            "all 16 waits report ResetEvent set");
}

// A reset right after set must not put back to sleep the threads that were
// waiting when set was called.
void test_reset_event_reset_after_set(tap::Tap& tap) {
  constexpr std::uint32_t waiters = 4;
  Gate gate;
  tap::HandleArray<void, waiters> handles;
  tap.check(start_gate_waiters(tap, gate, handles, waiters),
            "4 waiters sleep before set and reset");
  gate.event.set();
  gate.event.reset();
  bool woken = tap::poll_until_at_least(gate.returned, waiters);
  tap.check(woken, "set then reset wakes all 4 waiters");
  if (!woken) {
    tap.output() << "# " << gate.returned.load() << " of " << waiters
                 << " returned; setting the event again\n";
    gate.event.set();
    if (!tap::poll_until_at_least(gate.returned, waiters))
      tap::bail_out(tap, "ResetEvent waiters did not wake within 60 s of set");
    gate.event.reset();
  }
  for (int i = 0; i < handles.size(); i++)
    handles[i].join();
  tap.equal(gate.succeeded.load(), waiters,
            "waits woken by set then reset report success");
  tap.check(!gate.event.is_set(), "ResetEvent unset after set and reset");
}

void test_auto_reset_event_basics(tap::Tap& tap) {
  weft::AutoResetEvent event;
  tap.check(!event.is_set(), "AutoResetEvent starts unset");
  tap.check(!event.try_wait(), "try_wait on unset AutoResetEvent fails");
  event.set();
  tap.check(event.is_set(), "set AutoResetEvent is set");
  tap.check(event.try_wait(), "try_wait on set AutoResetEvent succeeds");
  tap.check(!event.is_set(), "try_wait resets AutoResetEvent");
  tap.check(!event.try_wait(), "second try_wait fails");

  event.set();
  event.set();
  tap.check(event.try_wait(), "AutoResetEvent set twice lets one through");
  tap.check(!event.try_wait(),
            "AutoResetEvent set twice lets only one through");

  event.set();
  tap.check(tap::run_bounded(tap, "wait on set AutoResetEvent returns",
                             [&event] {
                               event.wait();
                               return !event.is_set();
                             }),
            "wait resets AutoResetEvent");
  weft::Deadline past = weft::Deadline::after(weft::Duration::milliseconds(-1));
  tap.check(
      !tap::run_bounded(tap, "wait_until on unset AutoResetEvent returns",
                        [&event, past] { return event.wait_until(past); }),
      "wait_until past deadline on unset AutoResetEvent fails");
  event.set();
  tap.check(tap::run_bounded(tap, "wait_until on set AutoResetEvent returns",
                             [&event, past] { return event.wait_until(past); }),
            "wait_until past deadline on set AutoResetEvent succeeds");
  tap.check(!event.is_set(), "timed wait resets AutoResetEvent");
}

void test_auto_reset_event_timeouts(tap::Tap& tap) {
  weft::AutoResetEvent event;
  TimedWait fresh = time_wait_for(
      tap, "wait_for on unset AutoResetEvent returns", event, short_timeout);
  tap.check(!fresh.signalled, "wait_for on unset AutoResetEvent times out");
  tap::expect_at_least(
      tap, fresh.elapsed_ns, short_timeout.count(),
      "AutoResetEvent wait_for times out no earlier than requested");

  // Two sets with no thread waiting count as one, so after one wait takes
  // it the next wait times out.
  event.set();
  event.set();
  TimedWait first = time_wait_for(tap, "wait_for after two sets returns", event,
                                  short_timeout);
  tap.check(first.signalled, "first wait_for after two sets succeeds");
  TimedWait second = time_wait_for(tap, "second wait_for after two sets", event,
                                   short_timeout);
  tap.check(!second.signalled, "second wait_for after two sets times out");
  tap::expect_at_least(tap, second.elapsed_ns, short_timeout.count(),
                       "second wait_for waits the whole timeout");
}

struct Turnstile {
  weft::AutoResetEvent event;
  weft::Atomic<std::uint32_t> started{0};
  weft::Atomic<std::uint32_t> passed{0};
  weft::Atomic<std::uint32_t> passed_by[2];
};

void pass_turnstile(Turnstile* turnstile, int index) {
  turnstile->started.fetch_add(1);
  turnstile->event.wait();
  turnstile->passed_by[index].store(1);
  turnstile->passed.fetch_add(1);
}

void test_auto_reset_event_releases_one(tap::Tap& tap) {
  Turnstile turnstile;
  tap::HandleArray<void, 2> handles;
  for (int i = 0; i < 2; i++) {
    auto handle =
        weft::Thread::spawn(tap::small_stack, pass_turnstile, &turnstile, i);
    if (!handles.add(handle))
      tap::bail_out(tap, "spawn failed");
  }
  (void)tap::poll_until_at_least(turnstile.started, 2);
  bool asleep = tap::wait_until_asleep(handles[0].id());
  asleep = tap::wait_until_asleep(handles[1].id()) && asleep;
  tap.check(asleep, "two waiters sleep on unset AutoResetEvent");
  tap.equal(turnstile.passed.load(), 0u,
            "AutoResetEvent wait blocks until set");

  turnstile.event.set();
  if (!tap::poll_until_at_least(turnstile.passed, 1)) {
    tap.check(false, "set wakes one AutoResetEvent waiter");
    tap::bail_out(tap, "no AutoResetEvent waiter woke within 60 s of set");
  }
  // Give a wrongly released second waiter time to show up.
  tap::sleep_ms(100);
  tap.equal(turnstile.passed.load(), 1u, "one set releases exactly one waiter");
  tap.check(!turnstile.event.is_set(), "released waiter consumed the set");
  int remaining = turnstile.passed_by[0].load() == 0 ? 0 : 1;
  tap.check(tap::wait_until_asleep(handles[remaining].id()),
            "other waiter keeps sleeping");

  turnstile.event.set();
  bool woken = tap::poll_until_at_least(turnstile.passed, 2);
  tap.check(woken, "second set releases the other waiter");
  if (!woken)
    tap::bail_out(tap,
                  "the second AutoResetEvent waiter did not wake within 60 s");
  handles[0].join();
  handles[1].join();
}

// Ping-pong: the main thread sets ping and waits for pong, and the partner
// waits for ping and sets pong. A plain counter changes hands with each
// set, so a wait that returns without its set, or without seeing the other
// thread's write, shows up as a wrong count.
constexpr std::uint32_t ping_pong_rounds = 10000;

struct PingPong {
  weft::AutoResetEvent ping;
  weft::AutoResetEvent pong;
  std::uint32_t ball = 0;
  std::uint32_t partner_mismatches = 0;
};

std::uint32_t return_pings(PingPong* game) {
  std::uint32_t rounds = 0;
  for (; rounds < ping_pong_rounds; rounds++) {
    if (!game->ping.wait_for(weft::Duration::seconds(60)))
      break;
    if (game->ball != 2 * rounds + 1)
      game->partner_mismatches++;
    game->ball++;
    game->pong.set();
  }
  return rounds;
}

void test_auto_reset_event_ping_pong(tap::Tap& tap) {
  PingPong game;
  auto partner = weft::Thread::spawn(tap::small_stack, return_pings, &game);
  if (!tap.check(partner.has_value(), "spawn ping-pong partner"))
    return;
  std::uint32_t rounds = 0;
  std::uint32_t mismatches = 0;
  for (; rounds < ping_pong_rounds; rounds++) {
    game.ball++;
    game.ping.set();
    if (!game.pong.wait_for(weft::Duration::seconds(60)))
      break;
    if (game.ball != 2 * rounds + 2)
      mismatches++;
  }
  std::uint32_t partner_rounds = partner->join();
  tap.equal(rounds, ping_pong_rounds, "main thread completes 10000 rounds");
  tap.equal(partner_rounds, ping_pong_rounds, "partner completes 10000 rounds");
  tap.equal(game.ball, 2 * ping_pong_rounds, "ball changed hands 20000 times");
  tap.equal(mismatches, 0u, "main thread sees every return");
  tap.equal(game.partner_mismatches, 0u, "partner sees every ping");
  tap.check(!game.ping.is_set(), "ping unset after the game");
  tap.check(!game.pong.is_set(), "pong unset after the game");
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  test_reset_event_set_and_reset(tap);
  test_reset_event_timeouts(tap);
  test_reset_event_wakes_waiter(tap);
  test_reset_event_wakes_all(tap);
  test_reset_event_reset_after_set(tap);
  test_auto_reset_event_basics(tap);
  test_auto_reset_event_timeouts(tap);
  test_auto_reset_event_releases_one(tap);
  test_auto_reset_event_ping_pong(tap);
  return tap.finish();
}
