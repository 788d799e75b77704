// SPDX-License-Identifier: MIT
// ThreadPool: worker count, running every task once, queue order, a full
// queue, shutdown, tasks that submit tasks, errors, and no mapping left.
#include <cstdint>

#include "tap.hpp"
#include "waiting.hpp"
#include "weft.hpp"

namespace {

using weft::Atomic;
using weft::Duration;
using weft::PoolConfig;
using weft::ResetEvent;
using weft::ThreadPool;

PoolConfig pool_config(unsigned threads, std::size_t capacity = 256) {
  return {.threads = threads,
          .queue_capacity = capacity,
          .stack_size = tap::small_stack.stack_size};
}

void test_creation(tap::Tap& tap) {
  auto cpus = weft::Thread::cpu_count();
  auto pool = ThreadPool::create();
  if (tap.check(pool.has_value() && cpus.has_value(), "create with defaults"))
    tap.equal(pool->thread_count(), *cpus, "default thread count is CPUs");

  auto three = ThreadPool::create(pool_config(3));
  if (tap.check(three.has_value(), "create with 3 threads"))
    tap.equal(three->thread_count(), 3u, "3 threads");

  tap.fails_with(ThreadPool::create(pool_config(2, 0)), EINVAL,
                 "queue capacity 0 fails with EINVAL");
  tap.fails_with(ThreadPool::create(pool_config(2, SIZE_MAX / 8)), ENOMEM,
                 "queue too large for the address space fails with ENOMEM");
  PoolConfig no_stack = pool_config(2);
  no_stack.stack_size = 0;
  tap.fails_with(ThreadPool::create(no_stack), EINVAL,
                 "a stack size spawn rejects fails with EINVAL");
}

void test_every_task_runs_once(tap::Tap& tap) {
  constexpr std::uint32_t tasks = 20000;
  Atomic<std::uint32_t> ran{0};
  Atomic<std::uint32_t> sum{0};
  auto pool = ThreadPool::create(pool_config(4, 64));
  if (!tap.check(pool.has_value(), "create 4 workers"))
    return;
  std::uint32_t submitted = 0;
  for (std::uint32_t i = 0; i < tasks; i++) {
    auto queued = pool->submit([&ran, &sum, i] {
      sum.fetch_add(i, weft::MemoryOrder::relaxed);
      ran.fetch_add(1, weft::MemoryOrder::relaxed);
    });
    submitted += queued.has_value();
  }
  pool->wait();
  tap.equal(submitted, tasks, "20000 submits accepted");
  tap.equal(ran.load(), tasks, "20000 tasks ran once each after wait");
  tap.equal(sum.load(), tasks * (tasks - 1) / 2, "every task's value added");
}

void test_workers_run_at_once(tap::Tap& tap) {
  // Four tasks that each wait for all four to have started: they finish
  // only if four workers run them at the same time.
  constexpr std::uint32_t workers = 4;
  Atomic<std::uint32_t> started{0};
  Atomic<std::uint32_t> overlapped{0};
  Atomic<int> main_thread_ran{0};
  int main_id = weft::Thread::current_id();
  auto pool = ThreadPool::create(pool_config(workers));
  if (!tap.check(pool.has_value(), "create 4 workers for overlap"))
    return;
  for (std::uint32_t i = 0; i < workers; i++) {
    (void)pool->submit([&, main_id] {
      if (weft::Thread::current_id() == main_id)
        main_thread_ran.store(1);
      started.fetch_add(1);
      if (tap::poll_until_at_least(started, workers))
        overlapped.fetch_add(1);
    });
  }
  pool->wait();
  tap.equal(overlapped.load(), workers, "4 tasks ran on 4 workers at once");
  tap.equal(main_thread_ran.load(), 0, "no task ran on the submitting thread");
}

void test_order_with_one_worker(tap::Tap& tap) {
  constexpr int tasks = 200;
  int order[tasks];
  int next = 0;
  auto pool = ThreadPool::create(pool_config(1, 8));
  if (!tap.check(pool.has_value(), "create 1 worker"))
    return;
  for (int i = 0; i < tasks; i++)
    (void)pool->submit([&order, &next, i] { order[next++] = i; });
  pool->wait();
  int in_order = 0;
  for (int i = 0; i < next; i++)
    in_order += order[i] == i;
  tap.equal(next, tasks, "one worker ran 200 tasks");
  tap.equal(in_order, tasks, "one worker ran them in submission order");
}

void test_full_queue(tap::Tap& tap) {
  auto pool = ThreadPool::create(pool_config(1, 2));
  if (!tap.check(pool.has_value(), "create 1 worker with room for 2"))
    return;
  ResetEvent running;
  ResetEvent release;
  Atomic<std::uint32_t> ran{0};
  (void)pool->submit([&] {
    running.set();
    release.wait();
    ran.fetch_add(1);
  });
  running.wait();

  auto count = [&ran] { ran.fetch_add(1); };
  tap.check(pool->try_submit(count).has_value(), "try_submit into slot 1");
  tap.check(pool->try_submit(count).has_value(), "try_submit into slot 2");
  tap.fails_with(pool->try_submit(count), EAGAIN,
                 "try_submit into a full queue fails with EAGAIN");

  // submit from another thread waits for a free slot.
  Atomic<std::uint32_t> submitted{0};
  auto submitter = weft::Thread::spawn(
      tap::small_stack,
      [](ThreadPool* pool, Atomic<std::uint32_t>* ran,
         Atomic<std::uint32_t>* submitted) {
        bool queued = pool->submit([ran] { ran->fetch_add(1); }).has_value();
        submitted->store(1);
        return queued;
      },
      &*pool, &ran, &submitted);
  if (!tap.check(submitter.has_value(), "spawn a submitter"))
    return;
  weft::Thread::sleep_for(Duration::milliseconds(100));
  tap.equal(submitted.load(), 0u, "submit waits while the queue is full");
  release.set();
  tap.check(submitter->join(), "the waiting submit succeeds once a slot frees");
  pool->wait();
  tap.equal(ran.load(), 4u, "all 4 tasks ran");
}

void test_shutdown(tap::Tap& tap, long baseline) {
  Atomic<std::uint32_t> ran{0};
  Atomic<std::uint32_t> refused{0};
  {
    auto pool = ThreadPool::create(pool_config(2, 64));
    if (!tap.check(pool.has_value(), "create 2 workers for shutdown"))
      return;
    ResetEvent release;
    for (int i = 0; i < 2; i++)
      (void)pool->submit([&release] { release.wait(); });
    ThreadPool* address = &*pool;
    for (int i = 0; i < 40; i++) {
      (void)pool->submit([&ran, &refused, address] {
        ran.fetch_add(1);
        // The queue is draining, so new work is rejected.
        auto queued = address->submit([] {});
        if (!queued && queued.error() == weft::Errno(ECANCELED))
          refused.fetch_add(1);
      });
    }
    // Shut down from another thread while the workers are held, and see
    // the pool reject work before letting the queue drain.
    auto stopper = weft::Thread::spawn(
        tap::small_stack, [](ThreadPool* pool) { pool->shutdown(); }, address);
    if (!tap.check(stopper.has_value(), "spawn a thread that shuts down")) {
      release.set();
      return;
    }
    std::uint32_t extra = 0;
    for (;;) {
      auto queued = pool->try_submit([&ran] { ran.fetch_add(1); });
      if (queued)
        extra++;
      else if (queued.error() == weft::Errno(ECANCELED))
        break;
      weft::Thread::yield();
    }
    release.set();
    stopper->join();
    tap.equal(ran.load(), 40u + extra, "shutdown runs every queued task first");
    tap.equal(refused.load(), 40u,
              "submits from draining tasks fail with ECANCELED");
    ran.store(0);
    tap.equal(pool->thread_count(), 0u, "no workers after shutdown");
    tap.fails_with(pool->submit([] {}), ECANCELED,
                   "submit after shutdown fails with ECANCELED");
    tap.fails_with(pool->try_submit([] {}), ECANCELED,
                   "try_submit after shutdown fails with ECANCELED");
    pool->shutdown();
    tap.equal(pool->thread_count(), 0u, "a second shutdown does nothing");

    // The destructor shuts down a pool that was not shut down.
    auto second = ThreadPool::create(pool_config(2));
    if (second)
      (void)second->submit([&ran] { ran.fetch_add(1); });
  }
  tap.equal(ran.load(), 1u, "destruction runs the queued task");
  if (baseline < 0)
    tap.skip("mappings back after pools are gone", "no /proc");
  else
    tap.equal(tap::count_mappings(), baseline,
              "mappings back after pools are gone");
}

// Each task below depth submits two more: 2^(depth+1) - 1 tasks in all.
struct TreeTask {
  ThreadPool* pool;
  Atomic<std::uint32_t>* ran;
  int depth;

  void operator()() const {
    ran->fetch_add(1);
    if (depth == 0)
      return;
    (void)pool->submit(TreeTask{pool, ran, depth - 1});
    (void)pool->submit(TreeTask{pool, ran, depth - 1});
  }
};

void test_tasks_that_submit(tap::Tap& tap) {
  Atomic<std::uint32_t> ran{0};
  auto pool = ThreadPool::create(pool_config(3, 1024));
  if (!tap.check(pool.has_value(), "create 3 workers for a task tree"))
    return;
  (void)pool->submit(TreeTask{&*pool, &ran, 8});
  pool->wait();
  tap.equal(ran.load(), 511u, "wait covers tasks submitted by tasks");
}

void test_move_and_state(tap::Tap& tap) {
  auto created = ThreadPool::create(pool_config(2));
  if (!tap.check(created.has_value(), "create a pool to move"))
    return;
  ThreadPool pool(static_cast<ThreadPool&&>(*created));
  tap.fails_with(created->submit([] {}), ECANCELED,
                 "a moved-from pool refuses work");
  tap.equal(pool.thread_count(), 2u, "the moved-to pool has the workers");

  // A task carrying 48 bytes of its own state.
  struct Block {
    std::uint64_t words[6];
  };
  Block block{{1, 2, 3, 4, 5, 6}};
  Atomic<std::uint32_t> total{0};
  (void)pool.submit([block, &total] {
    std::uint64_t sum = 0;
    for (auto word : block.words)
      sum += word;
    total.store(static_cast<std::uint32_t>(sum));
  });
  pool.wait();
  tap.equal(total.load(), 21u, "a task with 48 bytes of state sees them");
}

} // namespace

int main(int, char**, char**) {
  tap::Tap tap;
  long baseline = tap::count_mappings();
  test_creation(tap);
  test_every_task_runs_once(tap);
  test_workers_run_at_once(tap);
  test_order_with_one_worker(tap);
  test_full_queue(tap);
  test_shutdown(tap, baseline);
  test_tasks_that_submit(tap);
  test_move_and_state(tap);
  return tap.finish();
}
