// SPDX-License-Identifier: MIT
// 1- and 2-byte atomic read-modify-write operations for riscv64.
//
// The A extension has atomic instructions for 4- and 8-byte words only, and
// GCC 12, Debian 12's cross compiler, has no option to expand the smaller
// read-modify-write operations inline. It calls __atomic_exchange_N,
// __atomic_compare_exchange_N and __atomic_fetch_<op>_N for N = 1 and 2
// instead, which it expects from libatomic. weft links no libatomic, so it
// defines them here. Loads and stores of these sizes are plain instructions
// with fences, which GCC emits inline.
//
// Each operation works on the aligned 4-byte word that contains the value. It
// reads the word, changes only the value's bytes, and writes the word back
// with a 4-byte compare-and-swap (lr.w/sc.w). When any byte of the word
// changed in between, it starts again from the word's new contents. Every
// operation is sequentially consistent, which is at least as strong as any
// memory order a caller can request, so the order arguments are ignored.
//
// The definitions follow GCC's libcall signatures, in which compare-exchange
// has no weak flag (GCC 12 leaves it out of the call). GCC declares these
// names as built-ins with other parameter lists, so the definitions below
// carry weft-prefixed names and get the libcall names as asm labels.
#include <cstdint>

namespace {

// The word type may alias the 1- and 2-byte objects it is made of.
using Word = std::uint32_t __attribute__((may_alias));

// Where a naturally aligned value of type T lies in its containing word.
// riscv64 is little-endian, so the byte at the lowest address is the least
// significant one.
template <class T> struct Lane {
  Word* word;
  unsigned shift;
  std::uint32_t mask;

  explicit Lane(volatile void* address) {
    auto bits = reinterpret_cast<std::uintptr_t>(address);
    word = reinterpret_cast<Word*>(bits & ~std::uintptr_t{3});
    shift = static_cast<unsigned>(bits & 3) * 8;
    std::uint32_t value_mask = (std::uint32_t{1} << (8 * sizeof(T))) - 1;
    mask = value_mask << shift;
  }

  T extract(std::uint32_t whole) const {
    return static_cast<T>((whole & mask) >> shift);
  }

  std::uint32_t insert(std::uint32_t whole, T value) const {
    return (whole & ~mask) | (static_cast<std::uint32_t>(value) << shift);
  }
};

// Replaces the value with operation(old value) and returns the old value.
template <class T, class Operation>
T update(volatile void* address, Operation operation) {
  Lane<T> lane(address);
  std::uint32_t old_word = __atomic_load_n(lane.word, __ATOMIC_SEQ_CST);
  for (;;) {
    T old_value = lane.extract(old_word);
    std::uint32_t new_word = lane.insert(old_word, operation(old_value));
    // On failure old_word receives the word's current contents.
    if (__atomic_compare_exchange_n(lane.word, &old_word, new_word, true,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
      return old_value;
  }
}

// Stores desired if the value equals *expected, and otherwise copies the
// value into *expected. Returns whether it stored desired.
template <class T>
bool compare_exchange(volatile void* address, void* expected, T desired) {
  auto* expected_value = static_cast<T*>(expected);
  Lane<T> lane(address);
  std::uint32_t old_word = __atomic_load_n(lane.word, __ATOMIC_SEQ_CST);
  for (;;) {
    T current = lane.extract(old_word);
    if (current != *expected_value) {
      *expected_value = current;
      return false;
    }
    // A failure here may come from a change to the neighbouring bytes only,
    // so the comparison is repeated with the fresh word.
    if (__atomic_compare_exchange_n(lane.word, &old_word,
                                    lane.insert(old_word, desired), true,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
      return true;
  }
}

template <class T> T exchange(volatile void* address, T value) {
  return update<T>(address, [value](T) { return value; });
}

template <class T> T fetch_add(volatile void* address, T value) {
  return update<T>(address, [value](T old) { return T(old + value); });
}

template <class T> T fetch_sub(volatile void* address, T value) {
  return update<T>(address, [value](T old) { return T(old - value); });
}

template <class T> T fetch_and(volatile void* address, T value) {
  return update<T>(address, [value](T old) { return T(old & value); });
}

template <class T> T fetch_or(volatile void* address, T value) {
  return update<T>(address, [value](T old) { return T(old | value); });
}

template <class T> T fetch_xor(volatile void* address, T value) {
  return update<T>(address, [value](T old) { return T(old ^ value); });
}

template <class T> T fetch_nand(volatile void* address, T value) {
  return update<T>(address, [value](T old) { return T(~(old & value)); });
}

using Byte = std::uint8_t;
using Half = std::uint16_t;

} // namespace

// GCC's libcall types: the read-modify-write operations take the address,
// the operand and a memory order, and compare-exchange takes the address,
// the expected value's address, the desired value and two memory orders.
using ByteOperation = Byte(volatile void*, Byte, int);
using HalfOperation = Half(volatile void*, Half, int);
using ByteCompareExchange = bool(volatile void*, void*, Byte, int, int);
using HalfCompareExchange = bool(volatile void*, void*, Half, int, int);

extern "C" {

ByteOperation weft_atomic_exchange_1 asm("__atomic_exchange_1");
HalfOperation weft_atomic_exchange_2 asm("__atomic_exchange_2");
ByteCompareExchange
    weft_atomic_compare_exchange_1 asm("__atomic_compare_exchange_1");
HalfCompareExchange
    weft_atomic_compare_exchange_2 asm("__atomic_compare_exchange_2");
ByteOperation weft_atomic_fetch_add_1 asm("__atomic_fetch_add_1");
HalfOperation weft_atomic_fetch_add_2 asm("__atomic_fetch_add_2");
ByteOperation weft_atomic_fetch_sub_1 asm("__atomic_fetch_sub_1");
HalfOperation weft_atomic_fetch_sub_2 asm("__atomic_fetch_sub_2");
ByteOperation weft_atomic_fetch_and_1 asm("__atomic_fetch_and_1");
HalfOperation weft_atomic_fetch_and_2 asm("__atomic_fetch_and_2");
ByteOperation weft_atomic_fetch_or_1 asm("__atomic_fetch_or_1");
HalfOperation weft_atomic_fetch_or_2 asm("__atomic_fetch_or_2");
ByteOperation weft_atomic_fetch_xor_1 asm("__atomic_fetch_xor_1");
HalfOperation weft_atomic_fetch_xor_2 asm("__atomic_fetch_xor_2");
ByteOperation weft_atomic_fetch_nand_1 asm("__atomic_fetch_nand_1");
HalfOperation weft_atomic_fetch_nand_2 asm("__atomic_fetch_nand_2");

Byte weft_atomic_exchange_1(volatile void* address, Byte value, int) {
  return exchange(address, value);
}

Half weft_atomic_exchange_2(volatile void* address, Half value, int) {
  return exchange(address, value);
}

bool weft_atomic_compare_exchange_1(volatile void* address, void* expected,
                                    Byte desired, int, int) {
  return compare_exchange(address, expected, desired);
}

bool weft_atomic_compare_exchange_2(volatile void* address, void* expected,
                                    Half desired, int, int) {
  return compare_exchange(address, expected, desired);
}

Byte weft_atomic_fetch_add_1(volatile void* address, Byte value, int) {
  return fetch_add(address, value);
}

Half weft_atomic_fetch_add_2(volatile void* address, Half value, int) {
  return fetch_add(address, value);
}

Byte weft_atomic_fetch_sub_1(volatile void* address, Byte value, int) {
  return fetch_sub(address, value);
}

Half weft_atomic_fetch_sub_2(volatile void* address, Half value, int) {
  return fetch_sub(address, value);
}

Byte weft_atomic_fetch_and_1(volatile void* address, Byte value, int) {
  return fetch_and(address, value);
}

Half weft_atomic_fetch_and_2(volatile void* address, Half value, int) {
  return fetch_and(address, value);
}

Byte weft_atomic_fetch_or_1(volatile void* address, Byte value, int) {
  return fetch_or(address, value);
}

Half weft_atomic_fetch_or_2(volatile void* address, Half value, int) {
  return fetch_or(address, value);
}

Byte weft_atomic_fetch_xor_1(volatile void* address, Byte value, int) {
  return fetch_xor(address, value);
}

Half weft_atomic_fetch_xor_2(volatile void* address, Half value, int) {
  return fetch_xor(address, value);
}

Byte weft_atomic_fetch_nand_1(volatile void* address, Byte value, int) {
  return fetch_nand(address, value);
}

Half weft_atomic_fetch_nand_2(volatile void* address, Half value, int) {
  return fetch_nand(address, value);
}

} // extern "C"
