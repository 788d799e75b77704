// SPDX-License-Identifier: MIT
// Spawn one thread with raw clone, join it, exit 0: the smallest and
// fastest-starting program the size and exec benchmarks compare against.
#include "floor.h"

static void empty_body(void* argument) { (void)argument; }

int main(int argc, char** argv) {
  (void)argc;
  (void)argv;
  struct floor_thread thread;
  if (floor_spawn(&thread, 64 * 1024, empty_body, 0) != 0)
    return 1;
  floor_join(&thread);
  return 0;
}
