// SPDX-License-Identifier: MIT
// Many threads alive at once, each waiting on one shared gate made of a
// pthread mutex, a condition variable and a flag.
// Usage: PROGRAM [THREADS [STACK_KIB]]  (defaults 1000 and 64)
// Prints:
//   spawn_all US us            create every thread until all are waiting
//   resident_per_thread B B    growth of VmRSS while all wait, per thread
//   mapped_per_thread B B      growth of VmSize while all wait, per thread
//   release_join_all US us     open the gate and join every thread
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>

#include "bench.h"

// Counts the threads that reached the gate. The last one wakes main through
// a raw futex, as in the weft and floor programs, so that only the gate
// differs.
static _Atomic uint32_t arrived;
static uint32_t thread_count;

static pthread_mutex_t gate_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_opened = PTHREAD_COND_INITIALIZER;
static int gate_open;

static void* arrive_and_wait(void* argument) {
  if (atomic_fetch_add(&arrived, 1) + 1 == thread_count)
    bench_futex_wake(&arrived, 0x7fffffff);
  pthread_mutex_lock(&gate_mutex);
  while (!gate_open)
    pthread_cond_wait(&gate_opened, &gate_mutex);
  pthread_mutex_unlock(&gate_mutex);
  return argument;
}

static void wait_for_arrivals(void) {
  for (;;) {
    uint32_t seen = atomic_load(&arrived);
    if (seen == thread_count)
      return;
    bench_futex_wait(&arrived, seen);
  }
}

int main(int argc, char** argv) {
  bench_program = argv[0];
  thread_count = (uint32_t)bench_argument(argc, argv, 1, 1000);
  size_t stack_size = (size_t)bench_argument(argc, argv, 2, 64) * 1024;
  if (thread_count == 0)
    bench_fail("invalid argument: THREADS must be at least 1");

  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  int error = pthread_attr_setstacksize(&attributes, stack_size);
  if (error != 0)
    bench_fail_error("pthread_attr_setstacksize failed", error);

  // The handles live in a mapping touched before the baseline, so that
  // only the threads themselves count.
  size_t handles_size = thread_count * sizeof(pthread_t);
  pthread_t* handles = mmap(NULL, handles_size, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (handles == MAP_FAILED)
    bench_fail_error("mmap of the handle array failed", errno);
  memset(handles, 0, handles_size);
  struct bench_memory before = bench_read_memory();

  int64_t start = bench_now_ns();
  for (uint32_t i = 0; i < thread_count; i++) {
    error = pthread_create(&handles[i], &attributes, arrive_and_wait, NULL);
    if (error != 0)
      bench_fail_error("pthread_create failed", error);
  }
  wait_for_arrivals();
  int64_t spawned = bench_now_ns() - start;
  struct bench_memory alive = bench_read_memory();

  start = bench_now_ns();
  pthread_mutex_lock(&gate_mutex);
  gate_open = 1;
  pthread_cond_broadcast(&gate_opened);
  pthread_mutex_unlock(&gate_mutex);
  for (uint32_t i = 0; i < thread_count; i++)
    pthread_join(handles[i], NULL);
  int64_t released = bench_now_ns() - start;

  bench_report("spawn_all", spawned / 1000, "us");
  bench_report("resident_per_thread",
               (alive.resident_kib - before.resident_kib) * 1024 / thread_count,
               "B");
  bench_report("mapped_per_thread",
               (alive.mapped_kib - before.mapped_kib) * 1024 / thread_count,
               "B");
  bench_report("release_join_all", released / 1000, "us");
  return 0;
}
