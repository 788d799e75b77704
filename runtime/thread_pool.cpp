// SPDX-License-Identifier: MIT
#include "thread_pool.hpp"

#include "checked_math.hpp"

namespace weft {
namespace {

using detail::PoolState;
using detail::PoolTask;

void run_worker(PoolState* state) {
  alignas(alignof(std::max_align_t)) unsigned char task[PoolTask::capacity];
  state->mutex.lock();
  for (;;) {
    while (state->queued == 0 && !state->stopping)
      state->work_ready.wait(state->mutex);
    // Stopping workers still empty the queue first.
    if (state->queued == 0)
      break;

    // Move the task out of its slot so that submit can reuse the slot
    // while the task runs.
    PoolTask& slot = state->tasks[state->head];
    auto run = slot.run;
    slot.relocate(slot.storage, task);
    state->head = (state->head + 1) % state->capacity;
    state->queued--;
    state->mutex.unlock();
    state->space_freed.signal();

    run(task);

    state->mutex.lock();
    if (--state->unfinished == 0)
      state->all_done.broadcast();
  }
  state->mutex.unlock();
}

// The offsets of the parts of the pool's mapping, and its total size.
struct PoolLayout {
  std::size_t workers_offset;
  std::size_t tasks_offset;
  std::size_t size;
};

// Plans the mapping; ENOMEM when a size overflows.
Result<PoolLayout> plan_layout(unsigned threads, std::size_t capacity) {
  auto workers_offset = align_up(sizeof(PoolState), alignof(JoinHandle<void>));
  auto workers_size = checked_multiply(threads, sizeof(JoinHandle<void>));
  if (!workers_offset || !workers_size)
    return Errno(ENOMEM);
  auto workers_end = checked_add(*workers_offset, *workers_size);
  if (!workers_end)
    return Errno(ENOMEM);
  auto tasks_offset = align_up(*workers_end, alignof(PoolTask));
  auto tasks_size = checked_multiply(capacity, sizeof(PoolTask));
  if (!tasks_offset || !tasks_size)
    return Errno(ENOMEM);
  auto size = checked_add(*tasks_offset, *tasks_size);
  if (!size)
    return Errno(ENOMEM);
  return PoolLayout{*workers_offset, *tasks_offset, *size};
}

// Stops and joins the workers started so far, then unmaps the pool.
void stop_and_release(PoolState* state) {
  state->mutex.lock();
  state->stopping = true;
  state->mutex.unlock();
  state->work_ready.broadcast();
  state->space_freed.broadcast();

  for (unsigned i = 0; i < state->worker_count; i++) {
    state->workers[i].join();
    state->workers[i].~JoinHandle<void>();
  }
  void* mapping = state->mapping;
  std::size_t size = state->mapping_size;
  state->~PoolState();
  (void)sys::munmap(mapping, size);
}

} // namespace

Result<ThreadPool> ThreadPool::create(const PoolConfig& config) {
  if (config.queue_capacity == 0)
    return Errno(EINVAL);
  unsigned threads = config.threads;
  if (threads == 0) {
    auto cpus = Thread::cpu_count();
    threads = cpus && *cpus > 0 ? *cpus : 1;
  }

  auto layout = plan_layout(threads, config.queue_capacity);
  if (!layout)
    return layout.error();
  auto mapping = sys::mmap(nullptr, layout->size, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS);
  if (!mapping)
    return mapping.error();

  auto* bytes = static_cast<unsigned char*>(*mapping);
  auto* state = new (bytes) PoolState;
  state->capacity = config.queue_capacity;
  state->tasks = reinterpret_cast<PoolTask*>(bytes + layout->tasks_offset);
  state->workers =
      reinterpret_cast<JoinHandle<void>*>(bytes + layout->workers_offset);
  state->mapping = *mapping;
  state->mapping_size = layout->size;

  SpawnConfig spawn_config{.stack_size = config.stack_size};
  for (unsigned i = 0; i < threads; i++) {
    auto worker = Thread::spawn(spawn_config, run_worker, state);
    if (!worker) {
      stop_and_release(state);
      return worker.error();
    }
    new (&state->workers[i]) JoinHandle<void>(std::move(*worker));
    state->worker_count++;
  }
  return ThreadPool(state);
}

Result<PoolTask*> ThreadPool::reserve_slot(bool may_wait) {
  if (state_ == nullptr)
    return Errno(ECANCELED);
  state_->mutex.lock();
  while (state_->queued == state_->capacity && !state_->stopping && may_wait)
    state_->space_freed.wait(state_->mutex);

  if (state_->stopping || state_->queued == state_->capacity) {
    Errno error = state_->stopping ? Errno(ECANCELED) : Errno(EAGAIN);
    state_->mutex.unlock();
    return error;
  }
  std::size_t tail = (state_->head + state_->queued) % state_->capacity;
  return &state_->tasks[tail];
}

void ThreadPool::publish_slot() {
  state_->queued++;
  state_->unfinished++;
  state_->mutex.unlock();
  state_->work_ready.signal();
}

void ThreadPool::wait() {
  if (state_ == nullptr)
    return;
  state_->mutex.lock();
  while (state_->unfinished != 0)
    state_->all_done.wait(state_->mutex);
  state_->mutex.unlock();
}

void ThreadPool::shutdown() {
  if (state_ == nullptr)
    return;
  for (unsigned i = 0; i < state_->worker_count; i++) {
    if (state_->workers[i].id() == Thread::current_id())
      fatal("a ThreadPool task called shutdown on its own pool");
  }
  // state_ stays set until the workers are joined, so that tasks still
  // draining the queue see the pool stopping and their submits fail.
  stop_and_release(state_);
  state_ = nullptr;
}

} // namespace weft
