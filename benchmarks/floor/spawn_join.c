// SPDX-License-Identifier: MIT
// Spawn and join with nothing but mmap, clone, a futex wait on the tid
// word and munmap, with 64 KiB stacks.
// Usage: floor_spawn_join [PAIRS [WARMUP]]  (defaults 20000 and PAIRS / 20)
// Prints "spawn_join NS ns", like the weft and C programs.
#include "floor.h"

static void empty_body(void* argument) { (void)argument; }

static void spawn_and_join(int64_t pairs) {
  for (int64_t i = 0; i < pairs; i++) {
    struct floor_thread thread;
    if (floor_spawn(&thread, 64 * 1024, empty_body, 0) != 0)
      floor_fail("clone failed");
    floor_join(&thread);
  }
}

int main(int argc, char** argv) {
  (void)argc;
  (void)argv;
  int64_t pairs = floor_argument(1, 20000);
  int64_t warmup = floor_argument(2, pairs / 20);
  spawn_and_join(warmup);

  int64_t start = floor_now_ns();
  spawn_and_join(pairs);
  int64_t elapsed = floor_now_ns() - start;

  if (pairs > 0)
    floor_report("spawn_join", elapsed / pairs, "ns");
  return 0;
}
