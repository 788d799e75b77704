// SPDX-License-Identifier: MIT
// Durations and deadlines on the monotonic clock, for timed waits and
// sleeps. A Deadline is an absolute time: a wait that wakes early and waits
// again keeps the same deadline instead of starting its timeout afresh.
#pragma once

#include <compare>
#include <cstdint>

#include <linux/time_types.h>

namespace weft {

// A signed span of time in nanoseconds. Arithmetic on durations and
// deadlines saturates instead of wrapping, so "wait for the largest
// duration" means "wait for ever" rather than "time out at once".
class Duration {
public:
  constexpr Duration() = default;

  static constexpr Duration nanoseconds(std::int64_t count) {
    return Duration(count);
  }
  static constexpr Duration microseconds(std::int64_t count) {
    return scaled(count, 1000);
  }
  static constexpr Duration milliseconds(std::int64_t count) {
    return scaled(count, 1000 * 1000);
  }
  static constexpr Duration seconds(std::int64_t count) {
    return scaled(count, 1000 * 1000 * 1000);
  }

  constexpr std::int64_t count() const { return nanoseconds_; }

  friend constexpr bool operator==(Duration, Duration) = default;
  friend constexpr auto operator<=>(Duration, Duration) = default;

private:
  constexpr explicit Duration(std::int64_t count) : nanoseconds_(count) {}

  static constexpr Duration scaled(std::int64_t count, std::int64_t unit) {
    std::int64_t product = 0;
    if (__builtin_mul_overflow(count, unit, &product))
      product = count < 0 ? INT64_MIN : INT64_MAX;
    return Duration(product);
  }

  std::int64_t nanoseconds_ = 0;
};

// A point on CLOCK_MONOTONIC, in nanoseconds since the clock's origin (the
// boot, on Linux). The clock does not jump when the wall clock is set.
class Deadline {
public:
  // The current time. The monotonic clock is always readable; if the
  // kernel refused anyway the process ends with a message.
  static Deadline now();

  // now() plus duration, saturating; a negative duration is in the past.
  static Deadline after(Duration duration) { return now() + duration; }

  // Further than any wait will ever reach.
  static constexpr Deadline never() { return Deadline(INT64_MAX); }

  static constexpr Deadline from_nanoseconds(std::int64_t count) {
    return Deadline(count);
  }

  constexpr std::int64_t nanoseconds() const { return nanoseconds_; }

  // The time left until the deadline, negative once it has passed.
  Duration remaining() const { return *this - now(); }

  // The same time as the kernel's timespec (sys::Timespec); times before
  // the clock's origin become the origin, which has always passed.
  constexpr __kernel_timespec timespec() const {
    std::int64_t count = nanoseconds_ < 0 ? 0 : nanoseconds_;
    __kernel_timespec time{};
    time.tv_sec = count / 1000000000;
    time.tv_nsec = count % 1000000000;
    return time;
  }

  friend constexpr Deadline operator+(Deadline deadline, Duration duration) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(deadline.nanoseconds_, duration.count(), &sum))
      sum = duration.count() < 0 ? INT64_MIN : INT64_MAX;
    return Deadline(sum);
  }

  friend constexpr Duration operator-(Deadline later, Deadline earlier) {
    std::int64_t difference = 0;
    if (__builtin_sub_overflow(later.nanoseconds_, earlier.nanoseconds_,
                               &difference))
      difference = later.nanoseconds_ < 0 ? INT64_MIN : INT64_MAX;
    return Duration::nanoseconds(difference);
  }

  friend constexpr bool operator==(Deadline, Deadline) = default;
  friend constexpr auto operator<=>(Deadline, Deadline) = default;

private:
  constexpr explicit Deadline(std::int64_t count) : nanoseconds_(count) {}

  std::int64_t nanoseconds_ = 0;
};

} // namespace weft
