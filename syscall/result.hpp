// SPDX-License-Identifier: MIT
// Result<T>: a value or the Errno a system call failed with. weft has no
// exceptions and no global errno, so every fallible call returns one of these.
#pragma once

#include <linux/errno.h>

#include <new>
#include <type_traits>
#include <utility>

namespace weft {

// Errno is a kernel error number, positive, as the target's UAPI headers
// define it (numbers differ between architectures: ENOSYS is 38 on x86_64
// and 89 on mips).
class Errno {
public:
  constexpr explicit Errno(int value) : value_(value) {}

  constexpr int value() const { return value_; }

  // The kernel's macro name, "EAGAIN", or "E?" for a number the table lacks.
  const char* name() const;

  // The message glibc's strerror gives, "Resource temporarily unavailable".
  const char* message() const;

  friend constexpr bool operator==(Errno, Errno) = default;

private:
  int value_;
};

// Result<T> contains either a T or an Errno. Accessing the wrong alternative is
// a programmer error; callers test has_value() or the bool conversion first.
template <class T> class [[nodiscard]] Result {
public:
  Result(const T& value) : has_value_(true) { new (&value_) T(value); }
  Result(T&& value) : has_value_(true) { new (&value_) T(std::move(value)); }
  Result(Errno error) : has_value_(false), error_(error) {}

  Result(Result&& other) : has_value_(other.has_value_), error_(other.error_) {
    if (has_value_)
      new (&value_) T(std::move(other.value_));
  }

  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  Result& operator=(Result&& other) {
    if (this == &other)
      return *this;
    if (has_value_)
      value_.~T();
    has_value_ = other.has_value_;
    error_ = other.error_;
    if (has_value_)
      new (&value_) T(std::move(other.value_));
    return *this;
  }

  ~Result() {
    if (has_value_)
      value_.~T();
  }

  bool has_value() const { return has_value_; }
  explicit operator bool() const { return has_value_; }

  T& value() & { return value_; }
  const T& value() const& { return value_; }
  T&& value() && { return std::move(value_); }

  T& operator*() & { return value_; }
  T&& operator*() && { return std::move(value_); }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }

  Errno error() const { return error_; }

private:
  bool has_value_;
  Errno error_{0};
  union {
    T value_;
  };
};

template <> class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Errno error) : error_(error) {}

  bool has_value() const { return error_.value() == 0; }
  explicit operator bool() const { return has_value(); }
  Errno error() const { return error_; }

private:
  Errno error_{0};
};

// Turns a raw system-call return value into a Result: the kernel reports a
// failure as a value in [-4095, -1], everything else is success.
inline bool is_syscall_error(long raw) {
  return static_cast<unsigned long>(raw) > static_cast<unsigned long>(-4096L);
}

template <class T = long> Result<T> syscall_result(long raw) {
  if (is_syscall_error(raw))
    return Errno(static_cast<int>(-raw));
  return static_cast<T>(raw);
}

inline Result<void> syscall_status(long raw) {
  if (is_syscall_error(raw))
    return Errno(static_cast<int>(-raw));
  return {};
}

} // namespace weft
