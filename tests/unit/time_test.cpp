// SPDX-License-Identifier: MIT
// Duration and Deadline arithmetic: units, saturation at both ends, and the
// conversion to the kernel's timespec.
#include <cstdint>

#include <doctest/doctest.h>

#include "time.hpp"

using weft::Deadline;
using weft::Duration;

TEST_CASE("duration units") {
  CHECK(Duration::microseconds(3).count() == 3000);
  CHECK(Duration::milliseconds(1500).count() == 1500000000);
  CHECK(Duration::seconds(-2).count() == -2000000000);
  CHECK(Duration::seconds(1) < Duration::milliseconds(1001));
  CHECK(Duration::milliseconds(1000) == Duration::seconds(1));
}

TEST_CASE("duration units saturate instead of wrapping") {
  CHECK(Duration::seconds(INT64_MAX).count() == INT64_MAX);
  CHECK(Duration::seconds(INT64_MIN).count() == INT64_MIN);
  CHECK(Duration::milliseconds(INT64_MAX / 1000000 + 1).count() == INT64_MAX);
  CHECK(Duration::microseconds(INT64_MAX / 1000).count() ==
        INT64_MAX / 1000 * 1000);
}

TEST_CASE("deadline plus duration saturates") {
  Deadline start = Deadline::from_nanoseconds(5000000000);
  CHECK((start + Duration::seconds(2)).nanoseconds() == 7000000000);
  CHECK((start + Duration::seconds(INT64_MAX)) == Deadline::never());
  CHECK((start + Duration::nanoseconds(INT64_MIN)).nanoseconds() ==
        5000000000 + INT64_MIN);
  Deadline early = Deadline::from_nanoseconds(-10);
  CHECK((early + Duration::nanoseconds(INT64_MIN)).nanoseconds() == INT64_MIN);
}

TEST_CASE("deadline difference saturates") {
  Deadline a = Deadline::from_nanoseconds(3000);
  Deadline b = Deadline::from_nanoseconds(1000);
  CHECK((a - b).count() == 2000);
  CHECK((b - a).count() == -2000);
  CHECK((Deadline::never() - Deadline::from_nanoseconds(-1)).count() ==
        INT64_MAX);
  CHECK((Deadline::from_nanoseconds(INT64_MIN) - Deadline::from_nanoseconds(1))
            .count() == INT64_MIN);
}

TEST_CASE("deadline as timespec") {
  auto time = Deadline::from_nanoseconds(12345678901).timespec();
  CHECK(time.tv_sec == 12);
  CHECK(time.tv_nsec == 345678901);

  // Before the clock's origin: the origin, which the kernel accepts.
  auto past = Deadline::from_nanoseconds(-5).timespec();
  CHECK(past.tv_sec == 0);
  CHECK(past.tv_nsec == 0);

  auto never = Deadline::never().timespec();
  CHECK(never.tv_sec == INT64_MAX / 1000000000);
  CHECK(never.tv_nsec == INT64_MAX % 1000000000);
}
