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
//
// Before it sleeps, a waiter watches the number for a short while. When the
// other thread signals at once, as in a hand-over between two threads, the
// wait costs neither a sleep nor a wake-up. Waiters that do sleep are counted, so
// signal and broadcast make a system call only when one may be asleep.
class Condition {
public:
  constexpr Condition() = default;
  Condition(const Condition&) = delete;
  Condition& operator=(const Condition&) = delete;

  void wait(Mutex& mutex) {
    std::uint32_t seen = sequence_.load(MemoryOrder::relaxed);
    mutex.unlock();
    if (!changed_while_spinning(seen)) {
      sleepers_.fetch_add(1, MemoryOrder::seq_cst);
      Futex::wait(sequence_, seen);
      sleepers_.fetch_sub(1, MemoryOrder::relaxed);
    }
    mutex.lock();
  }

  // timed_out once CLOCK_MONOTONIC has passed deadline; the mutex is held
  // again either way.
  WaitResult wait_until(Mutex& mutex, Deadline deadline) {
    std::uint32_t seen = sequence_.load(MemoryOrder::relaxed);
    mutex.unlock();
    WaitResult result = WaitResult::woken;
    if (!changed_while_spinning(seen)) {
      sleepers_.fetch_add(1, MemoryOrder::seq_cst);
      result = Futex::wait_until(sequence_, seen, deadline);
      sleepers_.fetch_sub(1, MemoryOrder::relaxed);
    }
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
    // Sequentially consistent on both sides: either this load reads a
    // sleeper's count, or that sleeper's futex wait reads the new number.
    sequence_.fetch_add(1, MemoryOrder::seq_cst);
    if (sleepers_.load(MemoryOrder::seq_cst) != 0)
      Futex::wake_one(sequence_);
  }

  // Wakes every thread that is waiting.
  void broadcast() {
    sequence_.fetch_add(1, MemoryOrder::seq_cst);
    if (sleepers_.load(MemoryOrder::seq_cst) != 0)
      Futex::wake_all(sequence_);
  }

private:
  // About 4,000 loads: a few microseconds, less than a sleep and a
  // wake-up cost on their own.
  static constexpr int spin_loads = 4000;

  bool changed_while_spinning(std::uint32_t seen) const {
    for (int spin = 0; spin < spin_loads; spin++) {
      if (sequence_.load(MemoryOrder::relaxed) != seen)
        return true;
    }
    return false;
  }

  Atomic<std::uint32_t> sequence_{0};
  // Waiters that are asleep or about to sleep on sequence_.
  Atomic<std::uint32_t> sleepers_{0};
};

} // namespace weft
