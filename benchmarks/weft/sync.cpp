// SPDX-License-Identifier: MIT
// weft::Mutex, Condition and Semaphore, alone and between two threads.
// Usage: weft_sync [SCALE]  (default 1; every iteration count is
// multiplied by it)
// Prints, in nanoseconds:
//   mutex_uncontended    one lock and unlock with no other thread
//   mutex_contended      one lock, increment and unlock while a second
//                        thread does the same on the same mutex
//   condition_pingpong   one round trip: each of two threads waits on a
//                        Condition for the other to hand over its turn
//   semaphore_uncontended  one post and wait with no other thread
//   semaphore_handoff    one round trip between two threads through two
//                        semaphores
#include "bench.hpp"

namespace {

constexpr weft::SpawnConfig worker_stack{.stack_size = 64 * 1024};

void mutex_uncontended(std::int64_t pairs) {
  weft::Mutex mutex;
  std::int64_t start = bench::now_ns();
  for (std::int64_t i = 0; i < pairs; i++) {
    mutex.lock();
    mutex.unlock();
  }
  bench::report_mean("mutex_uncontended", bench::now_ns() - start, pairs, "ns");
}

struct Counter {
  weft::Mutex mutex;
  std::int64_t value = 0;
};

void increment(Counter* counter, std::int64_t times) {
  for (std::int64_t i = 0; i < times; i++) {
    counter->mutex.lock();
    counter->value++;
    counter->mutex.unlock();
  }
}

void mutex_contended(std::int64_t per_thread) {
  Counter counter;
  std::int64_t start = bench::now_ns();
  auto first =
      weft::Thread::spawn(worker_stack, increment, &counter, per_thread);
  auto second =
      weft::Thread::spawn(worker_stack, increment, &counter, per_thread);
  if (!first || !second)
    bench::fail("spawn failed");
  first->join();
  second->join();
  std::int64_t elapsed = bench::now_ns() - start;
  if (counter.value != 2 * per_thread)
    bench::fail("mutex_contended: lost increments");
  bench::report_mean("mutex_contended", elapsed, 2 * per_thread, "ns");
}

// turn is 0 while main may go and 1 while the partner may go.
struct PingPong {
  weft::Mutex mutex;
  weft::Condition changed;
  int turn = 0;
};

void answer_pings(PingPong* game, std::int64_t rounds) {
  for (std::int64_t i = 0; i < rounds; i++) {
    game->mutex.lock();
    game->changed.wait(game->mutex, [&] { return game->turn == 1; });
    game->turn = 0;
    game->changed.signal();
    game->mutex.unlock();
  }
}

void condition_pingpong(std::int64_t rounds) {
  PingPong game;
  auto partner = weft::Thread::spawn(worker_stack, answer_pings, &game, rounds);
  if (!partner)
    bench::fail("spawn failed", partner.error());
  std::int64_t start = bench::now_ns();
  for (std::int64_t i = 0; i < rounds; i++) {
    game.mutex.lock();
    game.turn = 1;
    game.changed.signal();
    game.changed.wait(game.mutex, [&] { return game.turn == 0; });
    game.mutex.unlock();
  }
  std::int64_t elapsed = bench::now_ns() - start;
  partner->join();
  bench::report_mean("condition_pingpong", elapsed, rounds, "ns");
}

void post(weft::Semaphore& semaphore) {
  auto posted = semaphore.post();
  if (!posted)
    bench::fail("Semaphore::post failed", posted.error());
}

void semaphore_uncontended(std::int64_t pairs) {
  weft::Semaphore semaphore;
  std::int64_t start = bench::now_ns();
  for (std::int64_t i = 0; i < pairs; i++) {
    post(semaphore);
    semaphore.wait();
  }
  bench::report_mean("semaphore_uncontended", bench::now_ns() - start, pairs,
                     "ns");
}

struct Handoff {
  weft::Semaphore ping;
  weft::Semaphore pong;
};

void answer_handoffs(Handoff* handoff, std::int64_t rounds) {
  for (std::int64_t i = 0; i < rounds; i++) {
    handoff->ping.wait();
    post(handoff->pong);
  }
}

void semaphore_handoff(std::int64_t rounds) {
  Handoff handoff;
  auto partner =
      weft::Thread::spawn(worker_stack, answer_handoffs, &handoff, rounds);
  if (!partner)
    bench::fail("spawn failed", partner.error());
  std::int64_t start = bench::now_ns();
  for (std::int64_t i = 0; i < rounds; i++) {
    post(handoff.ping);
    handoff.pong.wait();
  }
  std::int64_t elapsed = bench::now_ns() - start;
  partner->join();
  bench::report_mean("semaphore_handoff", elapsed, rounds, "ns");
}

} // namespace

int main(int, char**, char**) {
  std::int64_t scale = bench::argument(1, 1);
  mutex_uncontended(10000000 * scale);
  mutex_contended(500000 * scale);
  condition_pingpong(20000 * scale);
  semaphore_uncontended(10000000 * scale);
  semaphore_handoff(20000 * scale);
  return 0;
}
