// SPDX-License-Identifier: MIT
// Mutex: mutual exclusion in one 32-bit word, and LockGuard.
#pragma once

#include <cstdint>

#include "atomic.hpp"
#include "futex.hpp"

namespace weft {
namespace detail {

// Set before the first spawn and never cleared. Until then the process
// has a single thread, so Mutex can take and release its word with plain
// loads and stores, as glibc does while it is single-threaded. false is
// the zero value, so the flag stays out of initialised data.
inline bool threads_started = false;

inline bool single_threaded() {
  return !__atomic_load_n(&threads_started, __ATOMIC_RELAXED);
}

} // namespace detail

// A non-recursive mutex: 0 unlocked, 1 locked, 2 locked with possible
// waiters. It allocates nothing and needs no destruction. Lock and unlock
// without contention make no system call, and before the first spawn no
// atomic instruction either. Not fair: a thread that arrives
// as the lock is released may take it ahead of threads already asleep, and
// sleepers are woken one at a time in no particular order. Locking a mutex
// the caller holds, or unlocking one it does not hold, is undefined.
class Mutex {
public:
  constexpr Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() {
    if (detail::single_threaded() &&
        word_.load(MemoryOrder::relaxed) == unlocked) {
      word_.store(locked, MemoryOrder::relaxed);
      return;
    }
    std::uint32_t state = unlocked;
    // Acquire pairs with the release in unlock: the previous holder's writes
    // are visible once the lock is taken.
    if (!word_.compare_exchange(state, locked, MemoryOrder::acquire))
      lock_contended(state);
  }

  [[nodiscard]] bool try_lock() {
    std::uint32_t state = unlocked;
    return word_.compare_exchange(state, locked, MemoryOrder::acquire);
  }

  void unlock() {
    if (detail::single_threaded()) {
      word_.store(unlocked, MemoryOrder::relaxed);
      return;
    }
    if (word_.exchange(unlocked, MemoryOrder::release) == contended)
      Futex::wake_one(word_);
  }

private:
  enum : std::uint32_t { unlocked, locked, contended };

  void lock_contended(std::uint32_t state) {
    // A holder often releases within a few hundred cycles: spin on loads
    // for a short while before paying for a sleep and a wake-up. A longer
    // spin made two threads that take turns on the lock slower: 22 against
    // 14 ns per lock with 100 loads and with 20.
    for (int spin = 0; spin < 20 && state == locked; spin++) {
      state = word_.load(MemoryOrder::relaxed);
      if (state == unlocked &&
          word_.compare_exchange(state, locked, MemoryOrder::acquire))
        return;
    }
    // Mark the lock contended before sleeping so that unlock wakes a waiter.
    // A thread that takes it this way keeps it marked, since others may
    // still be asleep.
    if (state != contended)
      state = word_.exchange(contended, MemoryOrder::acquire);
    while (state != unlocked) {
      Futex::wait(word_, contended);
      state = word_.exchange(contended, MemoryOrder::acquire);
    }
  }

  Atomic<std::uint32_t> word_{unlocked};
};

// Holds a lock for the lifetime of a scope: a Mutex, or an RwLock in its
// exclusive mode.
template <class Lock> class LockGuard {
public:
  explicit LockGuard(Lock& lock) : lock_(lock) { lock_.lock(); }
  ~LockGuard() { lock_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

private:
  Lock& lock_;
};

} // namespace weft
