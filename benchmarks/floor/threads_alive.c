// SPDX-License-Identifier: MIT
// Many raw-clone threads alive at once, each waiting in FUTEX_WAIT on one
// shared gate word.
// Usage: floor_threads_alive [THREADS [STACK_KIB]]  (defaults 1000, 64)
// Prints spawn_all, resident_per_thread, mapped_per_thread and
// release_join_all, like the weft and C programs.
#include "floor.h"

// Counts the threads that reached the gate. The last one wakes main.
static uint32_t arrived;
static uint32_t thread_count;
// 0 while closed, 1 once open.
static uint32_t gate;

static void arrive_and_wait(void* argument) {
  (void)argument;
  if (__atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST) == thread_count)
    floor_futex_wake(&arrived, 0x7fffffff, FUTEX_PRIVATE_FLAG);
  while (__atomic_load_n(&gate, __ATOMIC_ACQUIRE) == 0)
    floor_futex_wait(&gate, 0, FUTEX_PRIVATE_FLAG);
}

static void wait_for_arrivals(void) {
  for (;;) {
    uint32_t seen = __atomic_load_n(&arrived, __ATOMIC_ACQUIRE);
    if (seen == thread_count)
      return;
    floor_futex_wait(&arrived, seen, FUTEX_PRIVATE_FLAG);
  }
}

int main(int argc, char** argv) {
  (void)argc;
  (void)argv;
  thread_count = (uint32_t)floor_argument(1, 1000);
  size_t stack_size = (size_t)floor_argument(2, 64) * 1024;
  if (thread_count == 0)
    floor_fail("invalid argument: THREADS must be at least 1");

  // The thread records live in a mapping touched before the baseline, so
  // that only the threads themselves count.
  size_t threads_size = thread_count * sizeof(struct floor_thread);
  struct floor_thread* threads = floor_map(threads_size);
  volatile unsigned char* bytes = (volatile unsigned char*)threads;
  for (size_t i = 0; i < threads_size; i += 512)
    bytes[i] = 0;
  struct floor_memory before = floor_read_memory();

  int64_t start = floor_now_ns();
  for (uint32_t i = 0; i < thread_count; i++) {
    if (floor_spawn(&threads[i], stack_size, arrive_and_wait, 0) != 0)
      floor_fail("clone failed");
  }
  wait_for_arrivals();
  int64_t spawned = floor_now_ns() - start;
  struct floor_memory alive = floor_read_memory();

  start = floor_now_ns();
  __atomic_store_n(&gate, 1, __ATOMIC_RELEASE);
  floor_futex_wake(&gate, 0x7fffffff, FUTEX_PRIVATE_FLAG);
  for (uint32_t i = 0; i < thread_count; i++)
    floor_join(&threads[i]);
  int64_t released = floor_now_ns() - start;

  floor_report("spawn_all", spawned / 1000, "us");
  floor_report("resident_per_thread",
               (alive.resident_kib - before.resident_kib) * 1024 / thread_count,
               "B");
  floor_report("mapped_per_thread",
               (alive.mapped_kib - before.mapped_kib) * 1024 / thread_count,
               "B");
  floor_report("release_join_all", released / 1000, "us");
  return 0;
}
