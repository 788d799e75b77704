// SPDX-License-Identifier: MIT
// Futex-based synchronisation: Futex, Mutex, LockGuard, Event.
#pragma once

#include <cstdint>

#include "atomic.hpp"
#include "syscalls.hpp"

namespace weft {

class Futex {
public:
  // Sleeps while word contains expected. Returns on a wake-up, when the word
  // already differs, or on a signal, and may also return spuriously: the
  // caller re-checks its condition in a loop.
  static void wait(const Atomic<std::uint32_t>& word, std::uint32_t expected) {
    (void)sys::futex_wait(word.address(), expected);
  }

  static void wake_one(const Atomic<std::uint32_t>& word) {
    (void)sys::futex_wake(word.address(), 1);
  }

  static void wake_all(const Atomic<std::uint32_t>& word) {
    (void)sys::futex_wake(word.address(), 0x7fffffff);
  }
};

// A non-recursive mutex in one 32-bit word: 0 unlocked, 1 locked, 2 locked
// with possible waiters. Lock and unlock without contention make no system
// call. Waiters are woken one at a time in no particular order.
class Mutex {
public:
  void lock() {
    std::uint32_t state = 0;
    // Acquire pairs with the release in unlock: the previous holder's writes
    // are visible once the lock is taken.
    if (word_.compare_exchange(state, 1, MemoryOrder::acquire))
      return;
    // Mark the lock contended before sleeping so that unlock wakes a waiter.
    if (state != 2)
      state = word_.exchange(2, MemoryOrder::acquire);
    while (state != 0) {
      Futex::wait(word_, 2);
      state = word_.exchange(2, MemoryOrder::acquire);
    }
  }

  bool try_lock() {
    std::uint32_t state = 0;
    return word_.compare_exchange(state, 1, MemoryOrder::acquire);
  }

  void unlock() {
    if (word_.exchange(0, MemoryOrder::release) == 2)
      Futex::wake_one(word_);
  }

private:
  Atomic<std::uint32_t> word_{0};
};

// Holds a Mutex for the lifetime of a scope.
class LockGuard {
public:
  explicit LockGuard(Mutex& mutex) : mutex_(mutex) { mutex_.lock(); }
  ~LockGuard() { mutex_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

private:
  Mutex& mutex_;
};

// A one-shot flag that threads can wait for: once set it stays set.
class Event {
public:
  void set() {
    // Release pairs with the acquire in wait and is_set: writes made before
    // set are visible to every thread that reads the flag as set.
    if (word_.exchange(1, MemoryOrder::release) == 0)
      Futex::wake_all(word_);
  }

  bool is_set() const { return word_.load(MemoryOrder::acquire) != 0; }

  void wait() const {
    while (word_.load(MemoryOrder::acquire) == 0)
      Futex::wait(word_, 0);
  }

private:
  Atomic<std::uint32_t> word_{0};
};

} // namespace weft
