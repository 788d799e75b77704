// SPDX-License-Identifier: MIT
// ResetEvent: a flag that threads wait to see set.
#pragma once

#include <cstdint>

#include "futex.hpp"

namespace weft {

// A manual-reset event: once set it stays set, and every wait returns at
// once, until reset. set wakes every thread waiting at the time. Waits
// return only when the event is set or, for the timed forms, on timeout.
class ResetEvent {
public:
  constexpr ResetEvent() = default;
  ResetEvent(const ResetEvent&) = delete;
  ResetEvent& operator=(const ResetEvent&) = delete;

  void set() {
    // Release pairs with the acquire in the waits and is_set: writes made
    // before set are visible to every thread that sees the event set.
    if (word_.exchange(signalled, MemoryOrder::release) == unset_with_sleepers)
      Futex::wake_all(word_);
  }

  // Clears the event. Threads already woken by a set still return.
  void reset() {
    std::uint32_t state = signalled;
    (void)word_.compare_exchange(state, unset, MemoryOrder::relaxed);
  }

  bool is_set() const {
    return word_.load(MemoryOrder::acquire) == signalled;
  }

  void wait() { (void)wait_until(Deadline::never()); }

  // true once set, false if CLOCK_MONOTONIC passed deadline first.
  [[nodiscard]] bool wait_until(Deadline deadline) {
    std::uint32_t state = word_.load(MemoryOrder::acquire);
    while (state != signalled) {
      // Mark that someone sleeps, so that set makes the wake-up call.
      if (state == unset &&
          !word_.compare_exchange(state, unset_with_sleepers, MemoryOrder::acquire))
        continue;
      if (deadline == Deadline::never())
        Futex::wait(word_, unset_with_sleepers);
      else if (Futex::wait_until(word_, unset_with_sleepers, deadline) ==
               WaitResult::timed_out)
        return is_set();
      state = word_.load(MemoryOrder::acquire);
    }
    return true;
  }

  [[nodiscard]] bool wait_for(Duration timeout) {
    return wait_until(Deadline::after(timeout));
  }

private:
  enum : std::uint32_t { unset, signalled, unset_with_sleepers };

  Atomic<std::uint32_t> word_{unset};
};

} // namespace weft
