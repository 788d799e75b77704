// SPDX-License-Identifier: MIT
// Helpers shared by the C benchmark programs, which are built twice: with
// glibc (gcc -static) and with musl (musl-gcc -static). Each program prints
// its measurements as lines of "name value unit" on standard output, in
// the same format as the weft programs, for benchmarks/runner.py.
#ifndef WEFT_BENCHMARKS_C_BENCH_H
#define WEFT_BENCHMARKS_C_BENCH_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// The futex operations used here, from the kernel's <linux/futex.h>, which
// musl-gcc does not put on the include path.
enum {
  bench_futex_wait_private = 0 | 128,
  bench_futex_wake_private = 1 | 128,
};

static const char* bench_program = "benchmark";

static inline int64_t bench_now_ns(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return (int64_t)time.tv_sec * 1000000000 + time.tv_nsec;
}

// Writes "program: message" to standard error and exits with status 1.
static inline void bench_fail(const char* message) {
  fprintf(stderr, "%s: %s\n", bench_program, message);
  exit(1);
}

// For functions that return an error number, like pthread_create.
static inline void bench_fail_error(const char* message, int error) {
  fprintf(stderr, "%s: %s: %s\n", bench_program, message, strerror(error));
  exit(1);
}

// The decimal argument at index, or fallback when there are fewer
// arguments. Anything but digits ends the program with a message.
static inline int64_t bench_argument(int argc, char** argv, int index,
                                     int64_t fallback) {
  if (index >= argc)
    return fallback;
  const char* text = argv[index];
  if (*text == '\0')
    bench_fail("invalid argument: expected a decimal number");
  int64_t value = 0;
  for (; *text != '\0'; text++) {
    if (*text < '0' || *text > '9')
      bench_fail("invalid argument: expected a decimal number");
    value = value * 10 + (*text - '0');
  }
  return value;
}

static inline void bench_report(const char* name, int64_t value,
                                const char* unit) {
  printf("%s %lld %s\n", name, (long long)value, unit);
  fflush(stdout);
}

// Prints total / count to one decimal, rounded as the weft programs do.
static inline void bench_report_mean(const char* name, int64_t total,
                                     int64_t count, const char* unit) {
  int64_t tenths = (total * 10 + count / 2) / count;
  printf("%s %lld.%lld %s\n", name, (long long)(tenths / 10),
         (long long)(tenths % 10), unit);
  fflush(stdout);
}

static inline long bench_futex_wait(const void* word, uint32_t expected) {
  return syscall(SYS_futex, word, bench_futex_wait_private, expected, NULL);
}

static inline long bench_futex_wake(const void* word, int count) {
  return syscall(SYS_futex, word, bench_futex_wake_private, count);
}

// VmRSS and VmSize from /proc/self/status, in KiB.
struct bench_memory {
  int64_t resident_kib;
  int64_t mapped_kib;
};

// Returns the value of the status line that starts with key, or -1.
static inline int64_t bench_status_field(const char* text, const char* key) {
  size_t key_length = strlen(key);
  for (const char* line = text; *line != '\0';) {
    if (strncmp(line, key, key_length) == 0) {
      const char* t = line + key_length;
      while (*t == ' ' || *t == '\t')
        t++;
      int64_t value = 0;
      while (*t >= '0' && *t <= '9')
        value = value * 10 + (*t++ - '0');
      return value;
    }
    const char* end = strchr(line, '\n');
    if (end == NULL)
      break;
    line = end + 1;
  }
  return -1;
}

// Reads with open and read rather than stdio, whose buffer would be
// allocated between the two readings and counted against the threads.
static inline struct bench_memory bench_read_memory(void) {
  static char text[8192];
  int fd = open("/proc/self/status", O_RDONLY);
  if (fd < 0)
    bench_fail_error("cannot open /proc/self/status", errno);
  size_t used = 0;
  while (used < sizeof text - 1) {
    ssize_t got = read(fd, text + used, sizeof text - 1 - used);
    if (got < 0)
      bench_fail_error("cannot read /proc/self/status", errno);
    if (got == 0)
      break;
    used += (size_t)got;
  }
  text[used] = '\0';
  close(fd);
  struct bench_memory memory = {
      .resident_kib = bench_status_field(text, "VmRSS:"),
      .mapped_kib = bench_status_field(text, "VmSize:"),
  };
  return memory;
}

#endif
