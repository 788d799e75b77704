// SPDX-License-Identifier: MIT
// Semaphore, and AutoResetEvent, a semaphore with at most one permit.
#pragma once

#include <cstdint>

#include "futex.hpp"
#include "result.hpp"

namespace weft {
namespace detail {

// A count of permits, the futex word, and beside it the number of threads
// that may be asleep on it, so that a release with no sleeper makes no
// system call. The waits are the public ones of both classes below.
class Permits {
public:
  Permits(const Permits&) = delete;
  Permits& operator=(const Permits&) = delete;

  // Takes a permit, waiting while there is none.
  void wait() { (void)wait_until(Deadline::never()); }

  // Takes a permit if there is one, without waiting.
  [[nodiscard]] bool try_wait() {
    std::uint32_t count = count_.load(MemoryOrder::relaxed);
    // Acquire pairs with the release's add: what the releasing thread
    // wrote before it is visible to the thread that takes the permit.
    while (count != 0) {
      if (count_.compare_exchange(count, count - 1, MemoryOrder::acquire))
        return true;
    }
    return false;
  }

  // true with a permit taken, false once CLOCK_MONOTONIC passed deadline.
  [[nodiscard]] bool wait_until(Deadline deadline) {
    if (try_wait())
      return true;
    sleepers_.fetch_add(1);
    bool acquired = false;
    for (;;) {
      if (try_wait()) {
        acquired = true;
        break;
      }
      if (deadline == Deadline::never()) {
        Futex::wait(count_, 0);
      } else if (Futex::wait_until(count_, 0, deadline) ==
                 WaitResult::timed_out) {
        // A permit may have arrived with the timeout; take it if so.
        acquired = try_wait();
        break;
      }
    }
    sleepers_.fetch_sub(1, MemoryOrder::relaxed);
    return acquired;
  }

  [[nodiscard]] bool wait_for(Duration timeout) {
    return wait_until(Deadline::after(timeout));
  }

protected:
  constexpr explicit Permits(std::uint32_t initial) : count_(initial) {}

  // Adds a permit unless limit are already there; false if they were.
  bool release(std::uint32_t limit) {
    std::uint32_t count = count_.load(MemoryOrder::relaxed);
    do {
      if (count >= limit)
        return false;
    } while (!count_.compare_exchange(count, count + 1));
    // This read follows the add, and the sleeper's increment precedes its
    // futex check, all sequentially consistent. So either the sleeper's
    // check reads the new permit or this read counts the sleeper.
    if (sleepers_.load() != 0)
      Futex::wake_one(count_);
    return true;
  }

  std::uint32_t count() const { return count_.load(MemoryOrder::relaxed); }

private:
  Atomic<std::uint32_t> count_;
  Atomic<std::uint32_t> sleepers_{0};
};

} // namespace detail

// A counting semaphore. post adds a permit and wait takes one, sleeping
// while there is none. Not fair: a thread arriving when a permit is posted
// may take it ahead of one already asleep. Waits never return without a
// permit except on timeout. The waits (wait, try_wait, wait_until,
// wait_for) come from detail::Permits.
class Semaphore : public detail::Permits {
public:
  static constexpr std::uint32_t max_value = 0xffffffff;

  constexpr explicit Semaphore(std::uint32_t initial = 0) : Permits(initial) {}

  // Fails with EOVERFLOW, changing nothing, if max_value permits are
  // already posted.
  Result<void> post() {
    if (!release(max_value))
      return Errno(EOVERFLOW);
    return {};
  }

  // The permits at the moment of the call.
  std::uint32_t value() const { return count(); }
};

// An event that resets itself when it lets one waiting thread through.
// set lets exactly one wait (present or future) return; setting an event
// that is already set changes nothing. Not fair, like Semaphore. try_wait
// takes the event if it is set, without waiting.
class AutoResetEvent : public detail::Permits {
public:
  constexpr AutoResetEvent() : Permits(0) {}

  void set() { (void)release(1); }

  bool is_set() const { return count() != 0; }
};

} // namespace weft
