// SPDX-License-Identifier: MIT
// Helpers shared by the weft benchmark programs: the clock, integer
// arguments, result lines and the process's memory figures. Each program
// prints its measurements as lines of "name value unit" on standard output,
// which benchmarks/runner.py collects.
#pragma once

#include <cstdint>

#include "weft.hpp"

namespace bench {

// Nanoseconds on CLOCK_MONOTONIC. weft reads the clock with a system call
// (it has no vDSO support), which costs well under a microsecond and is
// made only twice per measured loop.
inline std::int64_t now_ns() { return weft::Deadline::now().nanoseconds(); }

// Writes "program: message" to standard error and exits with status 1.
[[noreturn]] inline void fail(const char* message) {
  {
    weft::Output error(2);
    error << weft::process().argv[0] << ": " << message << '\n';
  }
  weft::exit(1);
}

[[noreturn]] inline void fail(const char* message, weft::Errno error) {
  {
    weft::Output output(2);
    output << weft::process().argv[0] << ": " << message << ": "
           << error.message() << '\n';
  }
  weft::exit(1);
}

// The decimal argument at index, or fallback when there are fewer
// arguments. Anything but digits ends the program with a message.
inline std::int64_t argument(int index, std::int64_t fallback) {
  if (index >= weft::process().argc)
    return fallback;
  const char* text = weft::process().argv[index];
  if (*text == '\0')
    fail("invalid argument: expected a decimal number");
  std::int64_t value = 0;
  for (; *text != '\0'; text++) {
    if (*text < '0' || *text > '9')
      fail("invalid argument: expected a decimal number");
    value = value * 10 + (*text - '0');
  }
  return value;
}

// Prints one result line: "name value unit".
inline void report(const char* name, std::int64_t value, const char* unit) {
  weft::Output out(1);
  out << name << ' ' << value << ' ' << unit << '\n';
}

// Prints "name value unit" with value = total / count to one decimal, for
// costs of a few nanoseconds.
inline void report_mean(const char* name, std::int64_t total,
                        std::int64_t count, const char* unit) {
  std::int64_t tenths = (total * 10 + count / 2) / count;
  weft::Output out(1);
  out << name << ' ' << tenths / 10 << '.' << tenths % 10 << ' ' << unit
      << '\n';
}

// VmRSS and VmSize from /proc/self/status, in KiB.
struct Memory {
  std::int64_t resident_kib = -1;
  std::int64_t mapped_kib = -1;
};

// Returns the value of the status line that starts with key, or -1.
inline std::int64_t status_field(const char* text, const char* key) {
  for (const char* line = text; *line != '\0';) {
    const char* k = key;
    const char* t = line;
    while (*k != '\0' && *t == *k) {
      k++;
      t++;
    }
    if (*k == '\0') {
      while (*t == ' ' || *t == '\t')
        t++;
      std::int64_t value = 0;
      while (*t >= '0' && *t <= '9')
        value = value * 10 + (*t++ - '0');
      return value;
    }
    while (*line != '\0' && *line != '\n')
      line++;
    if (*line == '\n')
      line++;
  }
  return -1;
}

inline Memory read_memory() {
  auto fd = weft::sys::openat(AT_FDCWD, "/proc/self/status", O_RDONLY);
  if (!fd)
    fail("cannot open /proc/self/status", fd.error());
  char text[8192];
  std::size_t used = 0;
  while (used < sizeof text - 1) {
    auto got = weft::sys::read(*fd, text + used, sizeof text - 1 - used);
    if (!got)
      fail("cannot read /proc/self/status", got.error());
    if (*got == 0)
      break;
    used += *got;
  }
  text[used] = '\0';
  (void)weft::sys::close(*fd);
  return Memory{
      .resident_kib = status_field(text, "VmRSS:"),
      .mapped_kib = status_field(text, "VmSize:"),
  };
}

} // namespace bench
