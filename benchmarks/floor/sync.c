// SPDX-License-Identifier: MIT
// The futex work under a mutex and a two-thread handoff, with nothing
// around it.
// Usage: floor_sync [SCALE]  (default 1; iteration counts are multiplied
// by it)
// Prints, in nanoseconds:
//   mutex_uncontended  lock and unlock of a three-state futex lock
//                      (0 free, 1 held, 2 held with sleepers), no spinning
//   mutex_contended    the same lock shared by two threads, per increment
//   futex_pingpong     one round trip of a turn word between two threads,
//                      each sleeping in FUTEX_WAIT until the other hands
//                      the turn back with FUTEX_WAKE
#include "floor.h"

enum { stack_size = 64 * 1024 };

static void lock(uint32_t* word) {
  uint32_t state = 0;
  if (__atomic_compare_exchange_n(word, &state, 1, 0, __ATOMIC_ACQUIRE,
                                  __ATOMIC_RELAXED))
    return;
  if (state != 2)
    state = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
  while (state != 0) {
    floor_futex_wait(word, 2, FUTEX_PRIVATE_FLAG);
    state = __atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE);
  }
}

static void unlock(uint32_t* word) {
  if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2)
    floor_futex_wake(word, 1, FUTEX_PRIVATE_FLAG);
}

static void mutex_uncontended(int64_t pairs) {
  uint32_t word = 0;
  int64_t start = floor_now_ns();
  for (int64_t i = 0; i < pairs; i++) {
    lock(&word);
    unlock(&word);
  }
  floor_report_mean("mutex_uncontended", floor_now_ns() - start, pairs, "ns");
}

struct counter {
  uint32_t lock;
  int64_t value;
  int64_t per_thread;
};

static void increment(void* argument) {
  struct counter* counter = argument;
  for (int64_t i = 0; i < counter->per_thread; i++) {
    lock(&counter->lock);
    counter->value++;
    unlock(&counter->lock);
  }
}

static void mutex_contended(int64_t per_thread) {
  struct counter counter = {.lock = 0, .value = 0, .per_thread = per_thread};
  struct floor_thread first;
  struct floor_thread second;
  int64_t start = floor_now_ns();
  if (floor_spawn(&first, stack_size, increment, &counter) != 0 ||
      floor_spawn(&second, stack_size, increment, &counter) != 0)
    floor_fail("clone failed");
  floor_join(&first);
  floor_join(&second);
  int64_t elapsed = floor_now_ns() - start;
  if (counter.value != 2 * per_thread)
    floor_fail("mutex_contended: lost increments");
  floor_report_mean("mutex_contended", elapsed, 2 * per_thread, "ns");
}

// turn is 0 while main may go and 1 while the partner may go.
struct ping_pong {
  uint32_t turn;
  int64_t rounds;
};

static void answer_pings(void* argument) {
  struct ping_pong* game = argument;
  for (int64_t i = 0; i < game->rounds; i++) {
    while (__atomic_load_n(&game->turn, __ATOMIC_ACQUIRE) != 1)
      floor_futex_wait(&game->turn, 0, FUTEX_PRIVATE_FLAG);
    __atomic_store_n(&game->turn, 0, __ATOMIC_RELEASE);
    floor_futex_wake(&game->turn, 1, FUTEX_PRIVATE_FLAG);
  }
}

static void futex_pingpong(int64_t rounds) {
  struct ping_pong game = {.turn = 0, .rounds = rounds};
  struct floor_thread partner;
  if (floor_spawn(&partner, stack_size, answer_pings, &game) != 0)
    floor_fail("clone failed");
  int64_t start = floor_now_ns();
  for (int64_t i = 0; i < rounds; i++) {
    __atomic_store_n(&game.turn, 1, __ATOMIC_RELEASE);
    floor_futex_wake(&game.turn, 1, FUTEX_PRIVATE_FLAG);
    while (__atomic_load_n(&game.turn, __ATOMIC_ACQUIRE) != 0)
      floor_futex_wait(&game.turn, 1, FUTEX_PRIVATE_FLAG);
  }
  int64_t elapsed = floor_now_ns() - start;
  floor_join(&partner);
  floor_report_mean("futex_pingpong", elapsed, rounds, "ns");
}

int main(int argc, char** argv) {
  (void)argc;
  (void)argv;
  int64_t scale = floor_argument(1, 1);
  mutex_uncontended(10000000 * scale);
  mutex_contended(500000 * scale);
  futex_pingpong(20000 * scale);
  return 0;
}
