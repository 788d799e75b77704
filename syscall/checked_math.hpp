// SPDX-License-Identifier: MIT
// Size arithmetic that reports overflow instead of wrapping. Used wherever a
// size from the caller or the ELF headers decides how much memory to map.
#pragma once

#include <cstddef>

namespace weft {

// A size, or nothing when the computation overflowed.
class CheckedSize {
public:
  constexpr CheckedSize() : valid_(false), value_(0) {}
  constexpr CheckedSize(std::size_t value) : valid_(true), value_(value) {}

  constexpr explicit operator bool() const { return valid_; }
  constexpr std::size_t operator*() const { return value_; }

private:
  bool valid_;
  std::size_t value_;
};

constexpr CheckedSize checked_add(std::size_t a, std::size_t b) {
  std::size_t sum;
  if (__builtin_add_overflow(a, b, &sum))
    return {};
  return sum;
}

constexpr CheckedSize checked_multiply(std::size_t a, std::size_t b) {
  std::size_t product;
  if (__builtin_mul_overflow(a, b, &product))
    return {};
  return product;
}

// Rounds value up to a multiple of align, a power of two.
constexpr CheckedSize align_up(std::size_t value, std::size_t align) {
  auto sum = checked_add(value, align - 1);
  if (!sum)
    return {};
  return *sum & ~(align - 1);
}

constexpr std::size_t align_down(std::size_t value, std::size_t align) {
  return value & ~(align - 1);
}

// Returns the smallest x >= value with x mod align == residue; align is a
// power of two and residue < align.
constexpr CheckedSize align_up_congruent(std::size_t value, std::size_t residue,
                                         std::size_t align) {
  return checked_add(value, (residue - value) & (align - 1));
}

} // namespace weft
