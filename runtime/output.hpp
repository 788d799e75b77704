// SPDX-License-Identifier: MIT
// Buffered text output to a file descriptor: strings, characters and
// integers, enough for programs and tests without a printf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "result.hpp"

namespace weft {

// Writes the whole of [data, data + size) to fd, retrying after short
// writes and EINTR.
Result<void> write_all(int fd, const void* data, std::size_t size);

// Formats an integer in hexadecimal when written to an Output.
struct Hex {
  std::uint64_t value;
};

// Buffers up to 4 KiB, so an Output on a thread's stack needs that much
// room. Errno values print as their name (EAGAIN); use message() for text.
class Output {
public:
  explicit Output(int fd) : fd_(fd) {}
  ~Output() { (void)flush(); }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  Output& write(const char* data, std::size_t size);

  Output& operator<<(const char* text);
  Output& operator<<(char character);
  Output& operator<<(Hex number);
  Output& operator<<(Errno error) { return *this << error.name(); }

  template <class Integer>
  requires std::is_integral_v<Integer> Output& operator<<(Integer number) {
    if constexpr (std::is_signed_v<Integer>) {
      if (number < 0) {
        *this << '-';
        // Negate in the unsigned type so the minimum value does not overflow.
        return write_decimal(0 - static_cast<std::uint64_t>(number));
      }
    }
    return write_decimal(static_cast<std::uint64_t>(number));
  }

  // Writes out what the buffer holds; the first write error is kept and
  // returned by every later flush.
  Result<void> flush();

  // Whether a write has failed; later output is then discarded.
  bool failed() const { return error_ != 0; }

private:
  Output& write_decimal(std::uint64_t number);

  int fd_;
  int error_ = 0;
  std::size_t used_ = 0;
  char buffer_[4096];
};

} // namespace weft
