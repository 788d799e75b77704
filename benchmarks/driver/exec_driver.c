// SPDX-License-Identifier: MIT
// Times whole program runs: posix_spawn (a vfork-style clone and execve in
// glibc), then waitpid until the program has exited.
// Usage: exec_driver RUNS PROGRAM [ARGUMENT...]
// Runs PROGRAM 10 times untimed, then RUNS times timed, and prints
// "exec US us": the median time of one run, start to exit, in
// microseconds. Any run that fails or exits non-zero ends the driver with
// status 1 and a message.
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char** environ;

static int64_t now_ns(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return (int64_t)time.tv_sec * 1000000000 + time.tv_nsec;
}

// Runs argv[0] once; returns the time from spawn to exit in nanoseconds.
static int64_t run_once(char** argv) {
  int64_t start = now_ns();
  pid_t child;
  int error = posix_spawn(&child, argv[0], NULL, NULL, argv, environ);
  if (error != 0) {
    fprintf(stderr, "exec_driver: posix_spawn of %s failed: %s\n", argv[0],
            strerror(error));
    exit(1);
  }
  int status;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) {
      fprintf(stderr, "exec_driver: waitpid failed: %s\n", strerror(errno));
      exit(1);
    }
  }
  int64_t elapsed = now_ns() - start;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "exec_driver: %s failed (wait status %d)\n", argv[0],
            status);
    exit(1);
  }
  return elapsed;
}

static int compare_times(const void* left, const void* right) {
  int64_t a = *(const int64_t*)left;
  int64_t b = *(const int64_t*)right;
  return (a > b) - (a < b);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: exec_driver RUNS PROGRAM [ARGUMENT...]\n");
    return 2;
  }
  char* end;
  long runs = strtol(argv[1], &end, 10);
  if (*end != '\0' || runs < 1) {
    fprintf(stderr, "exec_driver: invalid RUNS '%s': expected a number >= 1\n",
            argv[1]);
    return 2;
  }

  for (int i = 0; i < 10; i++)
    run_once(argv + 2);
  int64_t* times = malloc(sizeof *times * (size_t)runs);
  if (times == NULL) {
    fprintf(stderr, "exec_driver: malloc of %ld timings failed\n", runs);
    return 1;
  }
  for (long i = 0; i < runs; i++)
    times[i] = run_once(argv + 2);

  qsort(times, (size_t)runs, sizeof *times, compare_times);
  int64_t median = runs % 2 == 1 ? times[runs / 2]
                                 : (times[runs / 2 - 1] + times[runs / 2]) / 2;
  printf("exec %lld.%lld us\n", (long long)(median / 1000),
         (long long)(median % 1000 / 100));
  free(times);
  return 0;
}
