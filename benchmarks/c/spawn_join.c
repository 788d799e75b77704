// SPDX-License-Identifier: MIT
// Spawn and join of threads with an empty body, one pair at a time, with
// the C library's default thread attributes.
// Usage: PROGRAM [PAIRS [WARMUP]]  (defaults 20000 and PAIRS / 20)
// Prints "spawn_join NS ns": the mean time of one pthread_create plus its
// pthread_join.
#include <pthread.h>

#include "bench.h"

static void* empty_body(void* argument) { return argument; }

static void spawn_and_join(int64_t pairs) {
  for (int64_t i = 0; i < pairs; i++) {
    pthread_t thread;
    int error = pthread_create(&thread, NULL, empty_body, NULL);
    if (error != 0)
      bench_fail_error("pthread_create failed", error);
    pthread_join(thread, NULL);
  }
}

int main(int argc, char** argv) {
  bench_program = argv[0];
  int64_t pairs = bench_argument(argc, argv, 1, 20000);
  int64_t warmup = bench_argument(argc, argv, 2, pairs / 20);
  spawn_and_join(warmup);

  int64_t start = bench_now_ns();
  spawn_and_join(pairs);
  int64_t elapsed = bench_now_ns() - start;

  if (pairs > 0)
    bench_report("spawn_join", elapsed / pairs, "ns");
  return 0;
}
