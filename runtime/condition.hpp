// SPDX-License-Identifier: MIT
// Condition: a condition variable used with a Mutex.
#pragma once

#include <cstdint>

#include "futex.hpp"
#include "mutex.hpp"

namespace weft {

// Threads wait here, with a Mutex held, for another thread to change the
// state the mutex protects and then signal or broadcast. A wait releases
// the mutex and takes it again before returning, also after a timeout.
//
// Waits may return spuriously, as with every condition variable: wait in a
// loop on the state, or use the forms that take a predicate.
//
// The futex word is a sequence number that every signal and broadcast
// advances. A waiter reads it before it releases the mutex and sleeps only
// while it is unchanged, so a signal between its unlock and its sleep is
// not lost. broadcast wakes
// every thread that was waiting when it was called, also when woken threads
// wait again at once: they read the new number and sleep on it, while the
// wake-up goes to the threads asleep on the old one. A thread may miss a
// wake-up only if exactly 2^32 signals come between its unlock and its
// sleep.
class Condition {
public:
  constexpr Condition() = default;
  Condition(const Condition&) = delete;
  Condition& operator=(const Condition&) = delete;

  void wait(Mutex& mutex) {
    std::uint32_t seen = sequence_.load(MemoryOrder::relaxed);
    mutex.unlock();
    Futex::wait(sequence_, seen);
    mutex.lock();
  }

  // timed_out once CLOCK_MONOTONIC has passed deadline; the mutex is held
  // again either way.
  WaitResult wait_until(Mutex& mutex, Deadline deadline) {
    std::uint32_t seen = sequence_.load(MemoryOrder::relaxed);
    mutex.unlock();
    WaitResult result = Futex::wait_until(sequence_, seen, deadline);
    mutex.lock();
    return result;
  }

  WaitResult wait_for(Mutex& mutex, Duration timeout) {
    return wait_until(mutex, Deadline::after(timeout));
  }

  // Waits until ready() returns true, which it calls with the mutex held.
  template <class Predicate> void wait(Mutex& mutex, Predicate ready) {
    while (!ready())
      wait(mutex);
  }

  // Waits until ready() returns true or the deadline passes; returns what
  // ready() returned last, so false means the wait timed out.
  template <class Predicate>
  [[nodiscard]] bool wait_until(Mutex& mutex, Deadline deadline,
                                Predicate ready) {
    while (!ready()) {
      if (wait_until(mutex, deadline) == WaitResult::timed_out)
        return ready();
    }
    return true;
  }

  template <class Predicate>
  [[nodiscard]] bool wait_for(Mutex& mutex, Duration timeout, Predicate ready) {
    return wait_until(mutex, Deadline::after(timeout), ready);
  }

  // Wakes at least one waiting thread, if any waits. Calling it with the
  // mutex held or not are both correct.
  void signal() {
    sequence_.fetch_add(1, MemoryOrder::relaxed);
    Futex::wake_one(sequence_);
  }

  // Wakes every thread that is waiting.
  void broadcast() {
    sequence_.fetch_add(1, MemoryOrder::relaxed);
    Futex::wake_all(sequence_);
  }

private:
  Atomic<std::uint32_t> sequence_{0};
};

} // namespace weft
