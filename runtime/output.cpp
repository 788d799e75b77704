// SPDX-License-Identifier: MIT
#include "output.hpp"

#include "syscalls.hpp"

namespace weft {

Result<void> write_all(int fd, const void* data, std::size_t size) {
  auto bytes = static_cast<const char*>(data);
  while (size > 0) {
    auto written = sys::write(fd, bytes, size);
    if (!written) {
      if (written.error() == Errno(EINTR))
        continue;
      return written.error();
    }
    bytes += *written;
    size -= *written;
  }
  return {};
}

Output& Output::write(const char* data, std::size_t size) {
  if (error_ != 0)
    return *this;
  if (size > sizeof(buffer_) - used_) {
    (void)flush();
    if (size > sizeof(buffer_)) {
      auto written = write_all(fd_, data, size);
      if (!written && error_ == 0)
        error_ = written.error().value();
      return *this;
    }
  }
  for (std::size_t i = 0; i < size; i++)
    buffer_[used_ + i] = data[i];
  used_ += size;
  return *this;
}

Output& Output::operator<<(const char* text) {
  std::size_t size = 0;
  while (text[size] != '\0')
    size++;
  return write(text, size);
}

Output& Output::operator<<(char character) { return write(&character, 1); }

Output& Output::write_decimal(std::uint64_t number) {
  char digits[20];
  std::size_t count = 0;
  do {
    digits[sizeof(digits) - ++count] = static_cast<char>('0' + number % 10);
    number /= 10;
  } while (number != 0);
  return write(digits + sizeof(digits) - count, count);
}

Output& Output::operator<<(Hex number) {
  char digits[16];
  std::size_t count = 0;
  std::uint64_t value = number.value;
  do {
    digits[sizeof(digits) - ++count] = "0123456789abcdef"[value & 15];
    value >>= 4;
  } while (value != 0);
  *this << "0x";
  return write(digits + sizeof(digits) - count, count);
}

Result<void> Output::flush() {
  if (used_ > 0) {
    auto written = write_all(fd_, buffer_, used_);
    used_ = 0;
    if (!written && error_ == 0)
      error_ = written.error().value();
  }
  if (error_ != 0)
    return Errno(error_);
  return {};
}

} // namespace weft
