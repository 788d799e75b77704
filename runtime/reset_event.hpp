// SPDX-License-Identifier: MIT
// ResetEvent: a flag that threads wait to see set.
#pragma once

#include <cstdint>

#include "futex.hpp"

namespace weft {

// A manual-reset event: once set it stays set, and every wait returns at
// once, until reset. set wakes every thread waiting at the time, and their
// waits return true even if a reset follows at once. Waits return only
// after a set or, for the timed forms, on timeout.
class ResetEvent {
public:
  constexpr ResetEvent() = default;
  ResetEvent(const ResetEvent&) = delete;
  ResetEvent& operator=(const ResetEvent&) = delete;

  void set() {
    // Release pairs with the acquire in the waits and is_set: writes made
    // before set are visible to every thread that reads the event as set.
    std::uint32_t state = word_.load(MemoryOrder::relaxed);
    while (!word_.compare_exchange(state, next_generation(state) | signalled,
                                   MemoryOrder::release)) {
    }
    if ((state & sleepers) != 0)
      Futex::wake_all(word_);
  }

  // Clears the event. Threads that were waiting when it was set still
  // return true, because the generation in the word has changed.
  void reset() {
    std::uint32_t state = word_.load(MemoryOrder::relaxed);
    while ((state & signalled) != 0 &&
           !word_.compare_exchange(state, state & ~signalled,
                                   MemoryOrder::relaxed)) {
    }
  }

  bool is_set() const {
    return (word_.load(MemoryOrder::acquire) & signalled) != 0;
  }

  void wait() { (void)wait_until(Deadline::never()); }

  // true once set, false if CLOCK_MONOTONIC passed deadline first.
  [[nodiscard]] bool wait_until(Deadline deadline) {
    std::uint32_t state = word_.load(MemoryOrder::acquire);
    const std::uint32_t generation = state & generation_mask;
    for (;;) {
      if (set_since(state, generation))
        return true;
      // Mark that someone sleeps, so that set makes the wake-up call.
      if ((state & sleepers) == 0) {
        if (!word_.compare_exchange(state, state | sleepers,
                                    MemoryOrder::acquire))
          continue;
        state |= sleepers;
      }
      if (deadline == Deadline::never()) {
        Futex::wait(word_, state);
      } else if (Futex::wait_until(word_, state, deadline) ==
                 WaitResult::timed_out) {
        return set_since(word_.load(MemoryOrder::acquire), generation);
      }
      state = word_.load(MemoryOrder::acquire);
    }
  }

  [[nodiscard]] bool wait_for(Duration timeout) {
    return wait_until(Deadline::after(timeout));
  }

private:
  // Bit 0 is set while the event is set. Bit 1 is set while the event is
  // unset and a thread may be asleep on the word. The upper 30 bits count
  // the calls of set modulo 2^30, so that a thread woken by a set that a
  // reset undid at once can tell that the set happened.
  // NOTE: a waiter that does not run while exactly a multiple of 2^30 sets
  // happen cannot tell that any happened, and waits on.
  static constexpr std::uint32_t signalled = 1;
  static constexpr std::uint32_t sleepers = 2;
  static constexpr std::uint32_t generation_step = 4;
  static constexpr std::uint32_t generation_mask = ~(signalled | sleepers);

  // The state after a set: the next generation, with both flags clear.
  static std::uint32_t next_generation(std::uint32_t state) {
    return (state & generation_mask) + generation_step;
  }

  // Whether state shows the event set, or set at least once since the
  // generation a wait started in.
  static bool set_since(std::uint32_t state, std::uint32_t generation) {
    return (state & signalled) != 0 || (state & generation_mask) != generation;
  }

  Atomic<std::uint32_t> word_{0};
};

} // namespace weft
