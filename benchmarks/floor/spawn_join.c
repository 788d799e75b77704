// SPDX-License-Identifier: MIT
// Spawn and join with nothing but clone and a futex wait on the tid word.
// Every thread runs on the same 64 KiB stack, mapped once: the kernel is
// done with it when it clears the tid word.
// Usage: floor_spawn_join [PAIRS [WARMUP]]  (defaults 20000 and PAIRS / 20)
// Prints "spawn_join NS ns", like the weft and C programs.
#include "floor.h"

static void empty_body(void* argument) { (void)argument; }

enum { stack_size = 64 * 1024 };

static void spawn_and_join(void* stack, int64_t pairs) {
  for (int64_t i = 0; i < pairs; i++) {
    struct floor_thread thread;
    if (floor_spawn_on(&thread, stack, stack_size, empty_body, 0) != 0)
      floor_fail("clone failed");
    floor_wait(&thread);
  }
}

int main(int argc, char** argv) {
  (void)argc;
  (void)argv;
  int64_t pairs = floor_argument(1, 20000);
  int64_t warmup = floor_argument(2, pairs / 20);
  void* stack = floor_map(stack_size);
  spawn_and_join(stack, warmup);

  int64_t start = floor_now_ns();
  spawn_and_join(stack, pairs);
  int64_t elapsed = floor_now_ns() - start;

  if (pairs > 0)
    floor_report("spawn_join", elapsed / pairs, "ns");
  return 0;
}
