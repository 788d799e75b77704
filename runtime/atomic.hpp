// SPDX-License-Identifier: MIT
// A minimal atomic over the compiler's __atomic builtins. libstdc++'s
// <atomic> cannot be used: in C++20 it includes its wait/notify support,
// which pulls in the C library's headers.
#pragma once

namespace weft {

enum class MemoryOrder : int {
  relaxed = __ATOMIC_RELAXED,
  acquire = __ATOMIC_ACQUIRE,
  release = __ATOMIC_RELEASE,
  acq_rel = __ATOMIC_ACQ_REL,
  seq_cst = __ATOMIC_SEQ_CST,
};

// T is an integer or pointer no wider than a machine word, so that every
// operation is one lock-free instruction sequence on every target.
template <class T> class Atomic {
public:
  constexpr Atomic() : value_() {}
  constexpr Atomic(T value) : value_(value) {}
  Atomic(const Atomic&) = delete;
  Atomic& operator=(const Atomic&) = delete;

  T load(MemoryOrder order = MemoryOrder::seq_cst) const {
    return __atomic_load_n(&value_, static_cast<int>(order));
  }

  void store(T value, MemoryOrder order = MemoryOrder::seq_cst) {
    __atomic_store_n(&value_, value, static_cast<int>(order));
  }

  T exchange(T value, MemoryOrder order = MemoryOrder::seq_cst) {
    return __atomic_exchange_n(&value_, value, static_cast<int>(order));
  }

  // On failure, expected receives the current value.
  bool compare_exchange(T& expected, T desired,
                        MemoryOrder order = MemoryOrder::seq_cst) {
    int failure = order == MemoryOrder::acq_rel   ? __ATOMIC_ACQUIRE
                  : order == MemoryOrder::release ? __ATOMIC_RELAXED
                                                  : static_cast<int>(order);
    return __atomic_compare_exchange_n(&value_, &expected, desired, false,
                                       static_cast<int>(order), failure);
  }

  T fetch_add(T value, MemoryOrder order = MemoryOrder::seq_cst) {
    return __atomic_fetch_add(&value_, value, static_cast<int>(order));
  }

  T fetch_sub(T value, MemoryOrder order = MemoryOrder::seq_cst) {
    return __atomic_fetch_sub(&value_, value, static_cast<int>(order));
  }

  // The word's address, for futex calls.
  const T* address() const { return &value_; }

private:
  // Naturally aligned, because atomic instructions and futex words need it.
  // Some ABIs align 4-byte integers to 2 bytes only, and the kernel rejects
  // a futex word that is not 4-byte aligned with EINVAL.
  alignas(sizeof(T)) T value_;
};

} // namespace weft
