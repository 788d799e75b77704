// SPDX-License-Identifier: MIT
// RwLock: a lock that many readers or one writer can hold.
#pragma once

#include <cstdint>

#include "mutex.hpp"
#include "semaphore.hpp"

namespace weft {

// Shared (reader) and exclusive (writer) locking. Writers are not starved
// by a stream of readers: once a writer has claimed the lock, new readers
// queue behind it and it waits only for the readers already inside.
// Between writers, and between a writer and readers that queued, the order
// is the Mutex's, which is not fair. Not recursive in either mode.
//
// The state word counts readers in its upper 31 bits and has bit 0 set
// while a writer holds or is about to hold the lock. A writer serialises
// with other writers through a Mutex that it holds until unlock; readers
// that find bit 0 set queue on that Mutex too. The writer waits for the
// readers inside on a Semaphore that the last of them posts.
class RwLock {
public:
  constexpr RwLock() = default;
  RwLock(const RwLock&) = delete;
  RwLock& operator=(const RwLock&) = delete;

  void lock() {
    writers_.lock();
    // Acquire pairs with the readers' release in unlock_shared.
    std::uint32_t old = state_.fetch_add(writing, MemoryOrder::acq_rel);
    if (old != 0)
      drained_.wait();
  }

  [[nodiscard]] bool try_lock() {
    if (!writers_.try_lock())
      return false;
    std::uint32_t state = 0;
    if (state_.compare_exchange(state, writing, MemoryOrder::acquire))
      return true;
    writers_.unlock();
    return false;
  }

  void unlock() {
    // Release pairs with the acquire of the next reader or writer.
    state_.fetch_sub(writing, MemoryOrder::release);
    writers_.unlock();
  }

  void lock_shared() {
    if (try_lock_shared())
      return;
    // A writer owns writers_ from before it sets bit 0 until after it
    // clears it, so once this thread owns writers_ no writer is inside.
    writers_.lock();
    state_.fetch_add(reader, MemoryOrder::acquire);
    writers_.unlock();
  }

  [[nodiscard]] bool try_lock_shared() {
    std::uint32_t state = state_.load(MemoryOrder::relaxed);
    while ((state & writing) == 0) {
      if (state_.compare_exchange(state, state + reader, MemoryOrder::acquire))
        return true;
    }
    return false;
  }

  void unlock_shared() {
    std::uint32_t old = state_.fetch_sub(reader, MemoryOrder::acq_rel);
    // The last reader out while a writer waits lets the writer in.
    if (old == (writing | reader))
      (void)drained_.post();
  }

private:
  static constexpr std::uint32_t writing = 1;
  static constexpr std::uint32_t reader = 2;

  Atomic<std::uint32_t> state_{0};
  Mutex writers_;
  Semaphore drained_{0};
};

// Holds an RwLock in shared mode for the lifetime of a scope.
class SharedLockGuard {
public:
  explicit SharedLockGuard(RwLock& lock) : lock_(lock) { lock_.lock_shared(); }
  ~SharedLockGuard() { lock_.unlock_shared(); }
  SharedLockGuard(const SharedLockGuard&) = delete;
  SharedLockGuard& operator=(const SharedLockGuard&) = delete;

private:
  RwLock& lock_;
};

} // namespace weft
