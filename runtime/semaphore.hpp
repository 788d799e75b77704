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
// system call.
class Permits {
public:
  constexpr explicit Permits(std::uint32_t initial) : count_(initial) {}

  // Adds a permit unless limit are already there; false if they were.
  bool release(std::uint32_t limit) {
    std::uint32_t count = count_.load(MemoryOrder::relaxed);
    do {
      if (count >= limit)
        return false;
    } while (!count_.compare_exchange(count, count + 1));
    // Both this read and the sleeper's increment are sequentially
    // consistent, after this thread's add and before the sleeper's futex
    // check respectively: either the sleeper sees the permit or this
    // thread sees the sleeper.
    if (sleepers_.load() != 0)
      Futex::wake_one(count_);
    return true;
  }

  bool try_acquire() {
    std::uint32_t count = count_.load(MemoryOrder::relaxed);
    // Acquire pairs with the release's add: what the releasing thread
    // wrote before it is visible to the thread that takes the permit.
    while (count != 0) {
      if (count_.compare_exchange(count, count - 1, MemoryOrder::acquire))
        return true;
    }
    return false;
  }

  // Takes a permit, waiting for one until deadline; false on timeout.
  bool acquire_until(Deadline deadline) {
    if (try_acquire())
      return true;
    sleepers_.fetch_add(1);
    bool acquired = false;
    for (;;) {
      if (try_acquire()) {
        acquired = true;
        break;
      }
      if (deadline == Deadline::never()) {
        Futex::wait(count_, 0);
      } else if (Futex::wait_until(count_, 0, deadline) ==
                 WaitResult::timed_out) {
        // A permit may have arrived with the timeout; take it if so.
        acquired = try_acquire();
        break;
      }
    }
    sleepers_.fetch_sub(1, MemoryOrder::relaxed);
    return acquired;
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
// permit except on timeout.
class Semaphore {
public:
  static constexpr std::uint32_t max_value = 0xffffffff;

  constexpr explicit Semaphore(std::uint32_t initial = 0) : permits_(initial) {}
  Semaphore(const Semaphore&) = delete;
  Semaphore& operator=(const Semaphore&) = delete;

  // Fails with EOVERFLOW, changing nothing, if max_value permits are
  // already posted.
  Result<void> post() {
    if (!permits_.release(max_value))
      return Errno(EOVERFLOW);
    return {};
  }

  void wait() { (void)permits_.acquire_until(Deadline::never()); }

  [[nodiscard]] bool try_wait() { return permits_.try_acquire(); }

  // true with a permit taken, false once CLOCK_MONOTONIC passed deadline.
  [[nodiscard]] bool wait_until(Deadline deadline) {
    return permits_.acquire_until(deadline);
  }

  [[nodiscard]] bool wait_for(Duration timeout) {
    return permits_.acquire_until(Deadline::after(timeout));
  }

  // The permits at the moment of the call.
  std::uint32_t value() const { return permits_.count(); }

private:
  detail::Permits permits_;
};

// An event that resets itself when it lets one waiting thread through.
// set lets exactly one wait (present or future) return; setting an event
// that is already set changes nothing. Not fair, like Semaphore.
class AutoResetEvent {
public:
  constexpr AutoResetEvent() = default;
  AutoResetEvent(const AutoResetEvent&) = delete;
  AutoResetEvent& operator=(const AutoResetEvent&) = delete;

  void set() { (void)permits_.release(1); }

  bool is_set() const { return permits_.count() != 0; }

  void wait() { (void)permits_.acquire_until(Deadline::never()); }

  // Takes the event if it is set, without waiting.
  [[nodiscard]] bool try_wait() { return permits_.try_acquire(); }

  [[nodiscard]] bool wait_until(Deadline deadline) {
    return permits_.acquire_until(deadline);
  }

  [[nodiscard]] bool wait_for(Duration timeout) {
    return permits_.acquire_until(Deadline::after(timeout));
  }

private:
  detail::Permits permits_{0};
};

} // namespace weft
