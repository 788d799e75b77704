// SPDX-License-Identifier: MIT
// WaitGroup: waits for a counted set of tasks to finish.
#pragma once

#include <cstdint>

#include "futex.hpp"
#include "process.hpp"

namespace weft {

// add(n) before starting n tasks, done() as each finishes, wait() until
// all have: wait returns once the count is zero, and wakes every waiter
// when it drops to zero. Writes a task made before its done are visible
// after wait returns. A done without a matching add ends the process with
// a message; so does a count above 2^31 - 1.
//
// The word contains the count in its low 31 bits and, in bit 31, a flag that
// a thread may be asleep, so that done makes a system call only then.
class WaitGroup {
public:
  constexpr WaitGroup() = default;
  WaitGroup(const WaitGroup&) = delete;
  WaitGroup& operator=(const WaitGroup&) = delete;

  void add(std::uint32_t count = 1) {
    std::uint32_t old = word_.fetch_add(count, MemoryOrder::relaxed);
    // Summed in 64 bits, so that a count near 2^32 cannot wrap past the check.
    if (std::uint64_t{old & count_mask} + count > count_mask)
      fatal("WaitGroup count overflowed");
  }

  void done() {
    // Release pairs with the acquire in wait: the task's writes are
    // visible to the waiter; acquire orders the wake-up after the check.
    std::uint32_t old = word_.fetch_sub(1, MemoryOrder::acq_rel);
    if ((old & count_mask) == 0)
      fatal("WaitGroup::done called more often than add");
    if (old != (sleepers | 1))
      return;
    std::uint32_t flag_only = sleepers;
    (void)word_.compare_exchange(flag_only, 0, MemoryOrder::relaxed);
    Futex::wake_all(word_);
  }

  void wait() { (void)wait_until(Deadline::never()); }

  // true once the count is zero, false if the deadline passed first.
  [[nodiscard]] bool wait_until(Deadline deadline) {
    std::uint32_t state = word_.load(MemoryOrder::acquire);
    while ((state & count_mask) != 0) {
      if ((state & sleepers) == 0 &&
          !word_.compare_exchange(state, state | sleepers,
                                  MemoryOrder::acquire))
        continue;
      state |= sleepers;
      if (deadline == Deadline::never())
        Futex::wait(word_, state);
      else if (Futex::wait_until(word_, state, deadline) ==
               WaitResult::timed_out)
        return (word_.load(MemoryOrder::acquire) & count_mask) == 0;
      state = word_.load(MemoryOrder::acquire);
    }
    return true;
  }

  [[nodiscard]] bool wait_for(Duration timeout) {
    return wait_until(Deadline::after(timeout));
  }

  // The count at the moment of the call.
  std::uint32_t count() const {
    return word_.load(MemoryOrder::relaxed) & count_mask;
  }

private:
  static constexpr std::uint32_t sleepers = 0x80000000;
  static constexpr std::uint32_t count_mask = 0x7fffffff;

  Atomic<std::uint32_t> word_{0};
};

} // namespace weft
