// SPDX-License-Identifier: MIT
// A TAP producer for the freestanding system tests: one "ok N - name" or
// "not ok N - name" line per check, diagnostics as "#" lines, and the plan
// at the end. meson counts the lines, so a check that never ran is visible.
#pragma once

#include <cstdint>

#include "weft.hpp"

namespace tap {

class Tap {
public:
  // Records one check; returns passed so callers can stop early.
  bool check(bool passed, const char* name) {
    count_++;
    if (!passed)
      failed_++;
    out_ << (passed ? "ok " : "not ok ") << count_ << " - " << name << '\n';
    (void)out_.flush();
    return passed;
  }

  // Checks actual == expected and prints both when they differ.
  template <class Actual, class Expected>
  bool equal(const Actual& actual, const Expected& expected, const char* name) {
    bool passed = actual == expected;
    if (!passed) {
      out_ << "# " << name << ": expected " << expected << ", got " << actual
           << '\n';
    }
    return check(passed, name);
  }

  // Checks that a Result failed with the given errno.
  template <class T>
  bool fails_with(const weft::Result<T>& result, int expected,
                  const char* name) {
    if (result.has_value()) {
      out_ << "# " << name << ": expected " << weft::Errno(expected)
           << ", got success\n";
      return check(false, name);
    }
    return equal(result.error(), weft::Errno(expected), name);
  }

  void skip(const char* name, const char* reason) {
    count_++;
    out_ << "ok " << count_ << " - " << name << " # SKIP " << reason << '\n';
  }

  void note(const char* text) { out_ << "# " << text << '\n'; }

  weft::Output& output() { return out_; }

  // Prints the plan and the totals; returns the exit status for main.
  int finish() {
    out_ << "1.." << count_ << '\n';
    out_ << "# " << (count_ - failed_) << " passed, " << failed_ << " failed\n";
    (void)out_.flush();
    return failed_ == 0 ? 0 : 1;
  }

private:
  weft::Output out_{1};
  int count_ = 0;
  int failed_ = 0;
};

// Up to capacity join handles kept in place, since weft has no heap. Every
// handle added must be joined or detached before the array is destroyed.
template <class R, int capacity> class HandleArray {
public:
  HandleArray() = default;
  HandleArray(const HandleArray&) = delete;
  HandleArray& operator=(const HandleArray&) = delete;

  ~HandleArray() {
    for (int i = 0; i < count_; i++)
      (*this)[i].~JoinHandle<R>();
  }

  // Keeps the handle of a successful spawn; returns false after a failure
  // or when the array is full.
  bool add(weft::Result<weft::JoinHandle<R>>& spawned) {
    if (!spawned || count_ == capacity)
      return false;
    new (storage_ + count_ * sizeof(weft::JoinHandle<R>))
        weft::JoinHandle<R>(static_cast<weft::JoinHandle<R>&&>(*spawned));
    count_++;
    return true;
  }

  int size() const { return count_; }

  weft::JoinHandle<R>& operator[](int index) {
    return *std::launder(reinterpret_cast<weft::JoinHandle<R>*>(
        storage_ + index * sizeof(weft::JoinHandle<R>)));
  }

private:
  alignas(weft::JoinHandle<
          R>) unsigned char storage_[capacity * sizeof(weft::JoinHandle<R>)];
  int count_ = 0;
};

// Lines in /proc/self/maps, one per mapping: a thread region that is not
// released shows up as a difference. The region cache is emptied first, so
// only regions that are neither cached nor unmapped count. Returns -1 when
// /proc is not mounted.
inline long count_mappings() {
  weft::Thread::release_region_cache();
  auto fd = weft::sys::openat(AT_FDCWD, "/proc/self/maps", O_RDONLY);
  if (!fd)
    return -1;
  char buffer[4096];
  long lines = 0;
  for (;;) {
    auto got = weft::sys::read(*fd, buffer, sizeof(buffer));
    if (!got || *got == 0)
      break;
    for (std::size_t i = 0; i < *got; i++)
      lines += buffer[i] == '\n';
  }
  (void)weft::sys::close(*fd);
  return lines;
}

// Sleeps for the given number of milliseconds.
inline void sleep_ms(long milliseconds) {
  weft::sys::Timespec time{milliseconds / 1000,
                           (milliseconds % 1000) * 1000000};
  (void)weft::sys::clock_nanosleep(CLOCK_MONOTONIC, 0, &time);
}

// Waits up to timeout_ms for count_mappings() to return to expected, since
// detached threads unmap their regions after the last thing they report.
inline long wait_for_mappings(long expected, long timeout_ms) {
  long now = count_mappings();
  for (long waited = 0; now != expected && waited < timeout_ms; waited++) {
    sleep_ms(1);
    now = count_mappings();
  }
  return now;
}

} // namespace tap
