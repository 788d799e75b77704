// SPDX-License-Identifier: MIT
// Threads: spawn, join, detach, the current thread's id, names, sleeping
// and the CPU count.
//
// Each thread lives in one mapping (see region_plan.hpp): a guard page, its
// stack, its static TLS area and its instance. The instance contains the
// copy of the function and arguments, the result, and the tid word that the
// kernel clears when the thread exits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

#include "atomic.hpp"
#include "process.hpp"
#include "region_cache.hpp"
#include "region_plan.hpp"
#include "result.hpp"
#include "syscalls.hpp"
#include "time.hpp"

namespace weft {

// 1 MiB of address space, committed only as the stack grows into it.
inline constexpr std::size_t default_stack_size = 1024 * 1024;

struct SpawnConfig {
  // The minimum number of bytes of stack below the TLS area. The region is
  // rounded up to the page size, and the stack also gets what the TLS area
  // and the instance leave of the last page. Below min_stack_size (16 KiB)
  // spawn fails with EINVAL; a size that does not fit the address space
  // fails with ENOMEM.
  std::size_t stack_size = default_stack_size;
};

// A thread's name as the kernel keeps it (its "comm"): at most 15 bytes
// and a terminating zero.
struct ThreadName {
  static constexpr std::size_t max_length = 15;
  char text[max_length + 1] = {};
  const char* c_str() const { return text; }
};

namespace detail {

enum ThreadState : std::uint32_t { running, completed, detached };

// The type-independent part of a thread's instance.
struct InstanceBase {
  // running until the thread finishes (completed) or the handle lets go of
  // it (detached); whichever side swaps second releases the region.
  Atomic<std::uint32_t> state{running};
  // Non-zero while the thread may use its stack: the kernel writes 0 here
  // and wakes futex waiters once the thread has exited
  // (CLONE_CHILD_CLEARTID). A futex word, so 4-byte aligned even where the
  // ABI aligns int to 2.
  alignas(4) int tid = -1;
  void* region = nullptr;
  std::size_t region_size = 0;
  void (*run)(InstanceBase*) = nullptr;
  void (*destroy_result)(InstanceBase*) = nullptr;
};

template <class R> struct ResultSlot : InstanceBase {
  alignas(R) unsigned char storage[sizeof(R)];
  R& result() { return *std::launder(reinterpret_cast<R*>(storage)); }
};

template <> struct ResultSlot<void> : InstanceBase {};

template <class R, class Closure> struct Instance : ResultSlot<R> {
  explicit Instance(Closure&& body) : closure(std::move(body)) {
    this->run = &Instance::run_closure;
    this->destroy_result = &Instance::destroy_stored_result;
  }

  // The closure is destroyed explicitly, by the thread after running it or
  // by spawn when clone failed.
  ~Instance() {}

  // Runs in the new thread: calls the function, stores what it returned,
  // and destroys the function and arguments there, as std::thread does.
  static void run_closure(InstanceBase* base) {
    auto* self = static_cast<Instance*>(base);
    if constexpr (std::is_void_v<R>)
      self->closure();
    else
      new (self->storage) R(self->closure());
    self->closure.~Closure();
  }

  static void destroy_stored_result(InstanceBase* base) {
    if constexpr (!std::is_void_v<R>)
      static_cast<Instance*>(base)->result().~R();
  }

  union {
    Closure closure;
  };
};

// A mapped region ready for a thread, with room for its instance.
struct Region {
  void* base;
  std::size_t size;
  void* instance;
  void* thread_pointer;
  void* stack_top;
};

Result<Region> map_region(std::size_t stack_size, std::size_t instance_size,
                          std::size_t instance_align);
void unmap_region(void* base, std::size_t size);

// Clones the thread that runs instance; returns its tid. On failure nothing
// has started and the caller still owns the region and the instance.
Result<int> start_thread(const Region& region, InstanceBase* instance);

// Blocks until the kernel has cleared the instance's tid word.
void wait_for_exit(InstanceBase* instance);

// Whether the kernel has not yet cleared the tid word, that is, whether the
// thread has not exited. Once it has, its tid may belong to a new thread.
inline bool is_running(const InstanceBase* instance) {
  return __atomic_load_n(&instance->tid, __ATOMIC_ACQUIRE) != 0;
}

// Unmaps the region that contains instance.
void release(InstanceBase* instance);

void detach(InstanceBase* instance);

} // namespace detail

// The owner of a running or finished thread. Exactly one of join or detach
// must be called; destroying a handle that still owns a thread is a
// programmer error and ends the process with a message.
template <class R> class JoinHandle {
public:
  JoinHandle(detail::ResultSlot<R>* instance, int id)
      : instance_(instance), id_(id) {}

  JoinHandle(JoinHandle&& other)
      : instance_(std::exchange(other.instance_, nullptr)), id_(other.id_) {}

  JoinHandle& operator=(JoinHandle&&) = delete;
  JoinHandle(const JoinHandle&) = delete;

  ~JoinHandle() {
    if (instance_ != nullptr)
      fatal("a thread handle was destroyed without join or detach");
  }

  // The thread's kernel id (tid), valid until join or detach.
  int id() const { return id_; }

  // The thread's name, through /proc (see Thread::set_name). Fails with
  // ESRCH after join or detach, and with ENOENT once the thread has exited.
  // The exit is read from the tid word the kernel clears, because the
  // kernel may give an exited thread's tid to a new thread.
  Result<void> set_name(const char* name) const;
  Result<ThreadName> name() const;

  bool joinable() const { return instance_ != nullptr; }

  // Waits for the thread to exit, releases its region and returns what its
  // function returned.
  R join() {
    auto* instance = take();
    detail::wait_for_exit(instance);
    if constexpr (std::is_void_v<R>) {
      detail::release(instance);
    } else {
      R value(std::move(instance->result()));
      instance->result().~R();
      detail::release(instance);
      return value;
    }
  }

  // Lets the thread run on its own; it releases its region when it ends.
  void detach() { detail::detach(take()); }

private:
  detail::ResultSlot<R>* take() {
    if (instance_ == nullptr)
      fatal("join or detach called on a thread handle that owns no thread");
    return std::exchange(instance_, nullptr);
  }

  detail::ResultSlot<R>* instance_;
  int id_;
};

class Thread {
public:
  // Starts function(arguments...) on a new thread; function is anything
  // callable with those arguments except a pointer to member. The function
  // and the arguments are copied (or moved) into the thread's region, like
  // std::thread, and passed to it as rvalues; pass a pointer to share.
  //
  // Errors: EINVAL or ENOMEM for a stack size spawn cannot honour (see
  // SpawnConfig), and whatever mmap, mprotect or clone failed with, such as
  // EAGAIN at the thread limit or ENOMEM. Nothing stays mapped after a
  // failure.
  template <class Function, class... Arguments>
  static auto spawn(const SpawnConfig& config, Function&& function,
                    Arguments&&... arguments)
      -> Result<JoinHandle<std::invoke_result_t<std::decay_t<Function>,
                                                std::decay_t<Arguments>...>>>;

  // The calling thread's kernel id, cached in its TLS.
  static int current_id();

  // CPUs this thread may run on: the population of its affinity mask.
  static Result<unsigned> cpu_count();

  // Sets the bounds of the region cache (see region_cache.hpp) and unmaps
  // the cached regions beyond them; regions above max_regions count as
  // max_regions. {.regions = 0} turns the cache off.
  static void set_region_cache_limits(const RegionCacheLimits& limits);
  static RegionCacheLimits region_cache_limits();
  static RegionCacheUsage region_cache_usage();

  // Unmaps every cached region; the limits stay as they are.
  static void release_region_cache();

  // Names the calling thread (prctl PR_SET_NAME). ERANGE for a name longer
  // than ThreadName::max_length bytes, EINVAL for a null pointer.
  static Result<void> set_name(const char* name);
  static Result<ThreadName> name();

  // Names the thread tid of this process by writing
  // /proc/self/task/<tid>/comm, which needs /proc mounted; the calling
  // thread's own tid goes through prctl instead. Errors as above, plus
  // ENOENT for a tid that is not a live thread of this process and
  // EOPNOTSUPP when /proc is not mounted. A tid names
  // whichever thread has it now: the kernel reuses the tid of a thread that
  // has exited, so prefer the JoinHandle forms for threads weft started.
  static Result<void> set_name(int tid, const char* name);
  static Result<ThreadName> name(int tid);

  // Offers the CPU to other runnable threads (sched_yield).
  static void yield();

  // Sleeps until CLOCK_MONOTONIC reaches deadline, sleeping again after a
  // signal handler interrupts it; a deadline in the past returns at once.
  static void sleep_until(Deadline deadline);

  // Measures the deadline once: interruptions do not lengthen the sleep.
  static void sleep_for(Duration duration) {
    sleep_until(Deadline::after(duration));
  }
};

template <class Function, class... Arguments>
auto Thread::spawn(const SpawnConfig& config, Function&& function,
                   Arguments&&... arguments)
    -> Result<JoinHandle<std::invoke_result_t<std::decay_t<Function>,
                                              std::decay_t<Arguments>...>>> {
  using R =
      std::invoke_result_t<std::decay_t<Function>, std::decay_t<Arguments>...>;
  auto closure = [function =
                      std::decay_t<Function>(std::forward<Function>(function)),
                  ... arguments = std::decay_t<Arguments>(
                      std::forward<Arguments>(arguments))]() mutable -> R {
    return function(std::move(arguments)...);
  };
  using Closure = decltype(closure);
  using Body = detail::Instance<R, Closure>;
  static_assert(alignof(Body) <= 4096,
                "arguments aligned above 4096 bytes cannot be placed");

  auto region =
      detail::map_region(config.stack_size, sizeof(Body), alignof(Body));
  if (!region)
    return region.error();
  auto* instance = new (region->instance) Body(std::move(closure));
  auto tid = detail::start_thread(*region, instance);
  if (!tid) {
    instance->closure.~Closure();
    instance->~Body();
    detail::unmap_region(region->base, region->size);
    return tid.error();
  }
  return JoinHandle<R>(instance, *tid);
}

template <class R>
Result<void> JoinHandle<R>::set_name(const char* name) const {
  if (instance_ == nullptr)
    return Errno(ESRCH);
  if (!detail::is_running(instance_))
    return Errno(ENOENT);
  return Thread::set_name(id_, name);
}

template <class R> Result<ThreadName> JoinHandle<R>::name() const {
  if (instance_ == nullptr)
    return Errno(ESRCH);
  if (!detail::is_running(instance_))
    return Errno(ENOENT);
  return Thread::name(id_);
}

namespace detail {
// Sets up the main thread's cached id; called once by start-up.
void initialise_main_thread();
} // namespace detail

} // namespace weft
