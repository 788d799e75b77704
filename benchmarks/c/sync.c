// SPDX-License-Identifier: MIT
// pthread_mutex_t (default type), pthread_cond_t and sem_t, alone and
// between two threads; the same measurements as weft/sync.cpp.
// Usage: PROGRAM [SCALE]  (default 1; every iteration count is multiplied
// by it)
// Prints, in nanoseconds: mutex_uncontended, mutex_contended,
// condition_pingpong, semaphore_uncontended, semaphore_handoff (see
// weft/sync.cpp for what each one times).
#include <pthread.h>
#include <semaphore.h>

#include "bench.h"

static pthread_attr_t worker_attributes;

static void start_worker(pthread_t* thread, void* (*body)(void*),
                         void* argument) {
  int error = pthread_create(thread, &worker_attributes, body, argument);
  if (error != 0)
    bench_fail_error("pthread_create failed", error);
}

static void mutex_uncontended(int64_t pairs) {
  pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
  int64_t start = bench_now_ns();
  for (int64_t i = 0; i < pairs; i++) {
    pthread_mutex_lock(&mutex);
    pthread_mutex_unlock(&mutex);
  }
  bench_report_mean("mutex_uncontended", bench_now_ns() - start, pairs, "ns");
}

struct counter {
  pthread_mutex_t mutex;
  int64_t value;
  int64_t per_thread;
};

static void* increment(void* argument) {
  struct counter* counter = argument;
  for (int64_t i = 0; i < counter->per_thread; i++) {
    pthread_mutex_lock(&counter->mutex);
    counter->value++;
    pthread_mutex_unlock(&counter->mutex);
  }
  return NULL;
}

static void mutex_contended(int64_t per_thread) {
  struct counter counter = {
      .mutex = PTHREAD_MUTEX_INITIALIZER,
      .value = 0,
      .per_thread = per_thread,
  };
  pthread_t first;
  pthread_t second;
  int64_t start = bench_now_ns();
  start_worker(&first, increment, &counter);
  start_worker(&second, increment, &counter);
  pthread_join(first, NULL);
  pthread_join(second, NULL);
  int64_t elapsed = bench_now_ns() - start;
  if (counter.value != 2 * per_thread)
    bench_fail("mutex_contended: lost increments");
  bench_report_mean("mutex_contended", elapsed, 2 * per_thread, "ns");
}

// turn is 0 while main may go and 1 while the partner may go.
struct ping_pong {
  pthread_mutex_t mutex;
  pthread_cond_t changed;
  int turn;
  int64_t rounds;
};

static void* answer_pings(void* argument) {
  struct ping_pong* game = argument;
  for (int64_t i = 0; i < game->rounds; i++) {
    pthread_mutex_lock(&game->mutex);
    while (game->turn != 1)
      pthread_cond_wait(&game->changed, &game->mutex);
    game->turn = 0;
    pthread_cond_signal(&game->changed);
    pthread_mutex_unlock(&game->mutex);
  }
  return NULL;
}

static void condition_pingpong(int64_t rounds) {
  struct ping_pong game = {
      .mutex = PTHREAD_MUTEX_INITIALIZER,
      .changed = PTHREAD_COND_INITIALIZER,
      .turn = 0,
      .rounds = rounds,
  };
  pthread_t partner;
  start_worker(&partner, answer_pings, &game);
  int64_t start = bench_now_ns();
  for (int64_t i = 0; i < rounds; i++) {
    pthread_mutex_lock(&game.mutex);
    game.turn = 1;
    pthread_cond_signal(&game.changed);
    while (game.turn != 0)
      pthread_cond_wait(&game.changed, &game.mutex);
    pthread_mutex_unlock(&game.mutex);
  }
  int64_t elapsed = bench_now_ns() - start;
  pthread_join(partner, NULL);
  bench_report_mean("condition_pingpong", elapsed, rounds, "ns");
}

static void post(sem_t* semaphore) {
  if (sem_post(semaphore) != 0)
    bench_fail_error("sem_post failed", errno);
}

// Retries after EINTR, the only error POSIX gives sem_wait on a valid
// semaphore. This program installs no signal handler, so it is not expected.
static void wait_for_permit(sem_t* semaphore) {
  while (sem_wait(semaphore) != 0) {
  }
}

static void semaphore_uncontended(int64_t pairs) {
  sem_t semaphore;
  sem_init(&semaphore, 0, 0);
  int64_t start = bench_now_ns();
  for (int64_t i = 0; i < pairs; i++) {
    post(&semaphore);
    wait_for_permit(&semaphore);
  }
  bench_report_mean("semaphore_uncontended", bench_now_ns() - start, pairs,
                    "ns");
  sem_destroy(&semaphore);
}

struct handoff {
  sem_t ping;
  sem_t pong;
  int64_t rounds;
};

static void* answer_handoffs(void* argument) {
  struct handoff* handoff = argument;
  for (int64_t i = 0; i < handoff->rounds; i++) {
    wait_for_permit(&handoff->ping);
    post(&handoff->pong);
  }
  return NULL;
}

static void semaphore_handoff(int64_t rounds) {
  struct handoff handoff = {.rounds = rounds};
  sem_init(&handoff.ping, 0, 0);
  sem_init(&handoff.pong, 0, 0);
  pthread_t partner;
  start_worker(&partner, answer_handoffs, &handoff);
  int64_t start = bench_now_ns();
  for (int64_t i = 0; i < rounds; i++) {
    post(&handoff.ping);
    wait_for_permit(&handoff.pong);
  }
  int64_t elapsed = bench_now_ns() - start;
  pthread_join(partner, NULL);
  bench_report_mean("semaphore_handoff", elapsed, rounds, "ns");
  sem_destroy(&handoff.ping);
  sem_destroy(&handoff.pong);
}

int main(int argc, char** argv) {
  bench_program = argv[0];
  int64_t scale = bench_argument(argc, argv, 1, 1);
  pthread_attr_init(&worker_attributes);
  pthread_attr_setstacksize(&worker_attributes, 64 * 1024);
  mutex_uncontended(10000000 * scale);
  mutex_contended(500000 * scale);
  condition_pingpong(20000 * scale);
  semaphore_uncontended(10000000 * scale);
  semaphore_handoff(20000 * scale);
  return 0;
}
