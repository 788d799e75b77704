// SPDX-License-Identifier: MIT
// ThreadPool: a fixed set of worker threads that run submitted tasks.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

#include "condition.hpp"
#include "mutex.hpp"
#include "result.hpp"
#include "thread.hpp"

namespace weft {

struct PoolConfig {
  // Worker threads; 0 means Thread::cpu_count(), or 1 if that fails.
  unsigned threads = 0;
  // Tasks that may wait to run; submit blocks while this many wait.
  std::size_t queue_capacity = 256;
  // Each worker's stack, as in SpawnConfig.
  std::size_t stack_size = default_stack_size;
};

namespace detail {

// One queued task: the callable stored in place, since weft has no heap,
// and the two operations the queue needs on it.
struct PoolTask {
  static constexpr std::size_t capacity = 64;

  alignas(alignof(std::max_align_t)) unsigned char storage[capacity];
  // Calls the callable and destroys it.
  void (*run)(void* callable);
  // Moves the callable from one storage to another and destroys the source.
  void (*relocate)(void* from, void* to);

  template <class Callable> void store(Callable&& callable) {
    using Stored = std::decay_t<Callable>;
    new (storage) Stored(std::forward<Callable>(callable));
    run = [](void* stored) {
      auto* typed = std::launder(static_cast<Stored*>(stored));
      (*typed)();
      typed->~Stored();
    };
    relocate = [](void* from, void* to) {
      auto* typed = std::launder(static_cast<Stored*>(from));
      new (to) Stored(std::move(*typed));
      typed->~Stored();
    };
  }
};

// Everything the workers share, placed at the start of the pool's mapping.
struct PoolState {
  Mutex mutex;
  Condition work_ready;  // a task was queued, or the pool is stopping
  Condition space_freed; // a queued task was taken by a worker
  Condition all_done;    // unfinished dropped to zero
  std::size_t head = 0;  // index of the oldest queued task
  std::size_t queued = 0;
  std::size_t unfinished = 0; // queued or running
  bool stopping = false;
  std::size_t capacity = 0;
  PoolTask* tasks = nullptr;
  JoinHandle<void>* workers = nullptr;
  unsigned worker_count = 0;
  void* mapping = nullptr;
  std::size_t mapping_size = 0;
};

} // namespace detail

// Workers take tasks in submission order and run them. Which worker runs a
// task, and the order in which tasks running at once finish, are not
// defined. A task is anything callable with no arguments whose decayed type
// fits in detail::PoolTask::capacity bytes (64), with at most the alignment
// of std::max_align_t, so larger state goes behind a pointer. The pool and
// its queue live in one mapping made by create, and submit allocates
// nothing.
//
// A task must not call shutdown on its own pool. A task that calls submit
// may wait for ever if every worker does so while the queue is full, so
// tasks should use try_submit, which does not wait.
class ThreadPool {
public:
  // Starts the workers. Fails with EINVAL for a queue_capacity of 0, with
  // ENOMEM when the sizes overflow, or with the error of mmap or
  // Thread::spawn. Nothing is left running or mapped after a failure.
  static Result<ThreadPool> create(const PoolConfig& config = {});

  ThreadPool(ThreadPool&& other)
      : state_(std::exchange(other.state_, nullptr)) {}
  ThreadPool& operator=(ThreadPool&&) = delete;
  ThreadPool(const ThreadPool&) = delete;

  // Shuts the pool down if shutdown has not been called.
  ~ThreadPool() { shutdown(); }

  // Queues callable, waiting while the queue is full. ECANCELED once the
  // pool is shut down (or shutting down, or moved from); the callable is
  // then not run.
  template <class Callable> Result<void> submit(Callable&& callable) {
    return enqueue(std::forward<Callable>(callable), true);
  }

  // As submit, but EAGAIN instead of waiting when the queue is full.
  template <class Callable> Result<void> try_submit(Callable&& callable) {
    return enqueue(std::forward<Callable>(callable), false);
  }

  // Waits until every task submitted so far has returned, including those
  // that tasks submit while it waits.
  void wait();

  // Lets the workers run what is queued, then joins every worker and
  // releases the mapping. Submits from then on fail with ECANCELED, also
  // those that queued tasks make while the queue drains; calling it again
  // does nothing. No other thread may use the pool once it has returned.
  void shutdown();

  // The number of worker threads; 0 after shutdown.
  unsigned thread_count() const {
    return state_ == nullptr ? 0 : state_->worker_count;
  }

private:
  explicit ThreadPool(detail::PoolState* state) : state_(state) {}

  template <class Callable>
  Result<void> enqueue(Callable&& callable, bool may_wait) {
    using Stored = std::decay_t<Callable>;
    static_assert(sizeof(Stored) <= detail::PoolTask::capacity,
                  "a pool task's state must fit in 64 bytes; pass a pointer");
    static_assert(alignof(Stored) <= alignof(std::max_align_t),
                  "a pool task's alignment must not exceed max_align_t");
    static_assert(std::is_invocable_v<Stored&>,
                  "a pool task is called with no arguments");

    auto slot = reserve_slot(may_wait);
    if (!slot)
      return slot.error();
    (*slot)->store(std::forward<Callable>(callable));
    publish_slot();
    return {};
  }

  // Returns a free slot with the mutex held. Otherwise it releases the
  // mutex and fails: ECANCELED when the pool is stopping, EAGAIN when the
  // queue is full and may_wait is false.
  Result<detail::PoolTask*> reserve_slot(bool may_wait);

  // Counts the filled slot as queued, releases the mutex and wakes a worker.
  void publish_slot();

  detail::PoolState* state_;
};

} // namespace weft
