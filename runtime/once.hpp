// SPDX-License-Identifier: MIT
// Once: runs a function exactly once, however many threads call it.
#pragma once

#include <cstdint>
#include <utility>

#include "futex.hpp"

namespace weft {

// The first call runs the function; calls that arrive while it runs wait
// for it to return, and later calls return at once. Every call returns
// after the function's writes are visible. weft has no exceptions, so the
// function always completes. A function that calls the same Once again
// waits for itself for ever.
class Once {
public:
  constexpr Once() = default;
  Once(const Once&) = delete;
  Once& operator=(const Once&) = delete;

  template <class Function> void call(Function&& function) {
    // Acquire pairs with the release after the function ran.
    if (word_.load(MemoryOrder::acquire) != finished)
      call_slow(std::forward<Function>(function));
  }

  bool is_done() const { return word_.load(MemoryOrder::acquire) == finished; }

private:
  enum : std::uint32_t { idle, running, running_with_sleepers, finished };

  template <class Function> void call_slow(Function&& function) {
    std::uint32_t state = idle;
    if (word_.compare_exchange(state, running, MemoryOrder::acquire)) {
      std::forward<Function>(function)();
      if (word_.exchange(finished, MemoryOrder::release) ==
          running_with_sleepers)
        Futex::wake_all(word_);
      return;
    }
    while (state != finished) {
      // Mark that someone sleeps, so that the runner makes the wake-up call.
      if (state == running &&
          !word_.compare_exchange(state, running_with_sleepers,
                                  MemoryOrder::acquire))
        continue;
      Futex::wait(word_, running_with_sleepers);
      state = word_.load(MemoryOrder::acquire);
    }
  }

  Atomic<std::uint32_t> word_{idle};
};

} // namespace weft
