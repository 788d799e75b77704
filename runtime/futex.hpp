// SPDX-License-Identifier: MIT
// The futex: a 32-bit word that threads sleep on while it contains the
// value they expect, until another thread wakes them. Every blocking
// primitive in weft is built on it.
#pragma once

#include <cstdint>

#include "atomic.hpp"
#include "time.hpp"

namespace weft {

// The outcome of a timed wait. woken covers every return that is not a
// timeout, spurious ones included, so the caller re-checks its condition.
enum class [[nodiscard]] WaitResult{woken, timed_out};

// Calls on words private to this process. The contract of every wait:
// it returns when woken, at once if the word no longer contains expected, when
// a signal handler ran (EINTR), and sometimes for no reason at all. A
// caller loops until the condition it waits for holds. Only the timed
// forms report a timeout, and only after the deadline has passed on
// CLOCK_MONOTONIC.
class Futex {
public:
  static void wait(const Atomic<std::uint32_t>& word, std::uint32_t expected);

  static WaitResult wait_until(const Atomic<std::uint32_t>& word,
                               std::uint32_t expected, Deadline deadline);

  // Measures the deadline once, then waits until it.
  static WaitResult wait_for(const Atomic<std::uint32_t>& word,
                             std::uint32_t expected, Duration timeout) {
    return wait_until(word, expected, Deadline::after(timeout));
  }

  // Wakes up to count threads waiting on word; returns how many woke.
  static int wake(const Atomic<std::uint32_t>& word, int count);

  static void wake_one(const Atomic<std::uint32_t>& word) {
    (void)wake(word, 1);
  }

  static void wake_all(const Atomic<std::uint32_t>& word) {
    (void)wake(word, max_waiters);
  }

  // The largest count the kernel accepts; it means every waiter.
  static constexpr int max_waiters = 0x7fffffff;
};

} // namespace weft
