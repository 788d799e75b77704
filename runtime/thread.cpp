// SPDX-License-Identifier: MIT
#include "thread.hpp"

#include <linux/sched.h>

#include "mutex.hpp"
#include "region_plan.hpp"
#include "static_tls.hpp"

namespace weft {

namespace {

// The tid of the thread whose thread pointer is given, kept in the TCB word
// the ABI leaves to the runtime and read by Thread::current_id without a
// system call. Written once per thread: by start-up for the main thread, by
// the kernel during clone for the others.
int* tid_slot(void* thread_pointer) {
  return reinterpret_cast<int*>(static_cast<unsigned char*>(thread_pointer) +
                                arch::tls_abi.runtime_word_offset);
}

int& cached_tid() { return *tid_slot(arch::thread_pointer()); }

// What a new thread shares with its creator, and what the kernel does for it.
constexpr unsigned long clone_flags =
    CLONE_VM |            // the same address space
    CLONE_FS |            // the same working directory and umask
    CLONE_FILES |         // the same file descriptor table
    CLONE_SIGHAND |       // the same signal handlers
    CLONE_THREAD |        // the same process: one pid, exit_group ends all
    CLONE_SYSVSEM |       // shared System V semaphore undo lists
    CLONE_SETTLS |        // the thread pointer of the new TLS area
    CLONE_PARENT_SETTID | // the child's cached tid, written before it runs
    CLONE_CHILD_CLEARTID; // the tid word, cleared and futex-woken at exit

sys::SignalSet all_signals() {
  sys::SignalSet set;
  for (auto& word : set.words)
    word = ~0UL;
  return set;
}

// Runs the function, then hands the region to whichever side finishes
// last: the joiner (state running -> completed) or, when the handle was
// detached first, this thread, which then unmaps its own stack and exits.
[[noreturn]] void finish_thread(detail::InstanceBase* instance) {
  // Release publishes the result to the joiner; acquire makes the detach visible.
  auto previous =
      instance->state.exchange(detail::completed, MemoryOrder::acq_rel);
  if (previous != detail::detached)
    sys::exit_thread(0);

  // No signal handler may run on the stack about to disappear.
  sys::SignalSet blocked = all_signals();
  (void)sys::rt_sigprocmask(SIG_SETMASK, &blocked, nullptr);
  instance->destroy_result(instance);
  weft_unmap_and_exit(instance->region, instance->region_size);
}

} // namespace

} // namespace weft

// The first C++ code of every new thread, called by weft_clone's child path
// on the new stack with the TLS area already installed.
extern "C" [[noreturn]] void weft_thread_entry(void* argument) {
  using namespace weft;
  auto* instance = static_cast<detail::InstanceBase*>(argument);
  instance->run(instance);
  finish_thread(instance);
}

namespace weft {

namespace detail {

void initialise_main_thread() { cached_tid() = sys::gettid(); }

namespace {

// Whether MADV_GUARD_INSTALL works here: unknown until the first region
// tries it. qemu-user accepts advice it does not know and does nothing, so
// the first guard is tested with a system call that writes to it.
// An int, because clang's atomic builtins take no enum.
enum GuardMarkers : int { markers_unknown, markers_work, markers_unavailable };
Atomic<int> guard_markers{markers_unknown};

bool rejects_writes(void* address) {
  auto written = sys::clock_gettime(CLOCK_MONOTONIC,
                                    static_cast<sys::Timespec*>(address));
  return !written && written.error() == Errno(EFAULT);
}

// Makes [base, base + size) fault on any access. A guard marker keeps the
// region one mapping, which the kernel can merge with its neighbours, so
// spawning many threads is faster. Without markers the guard becomes a
// PROT_NONE mapping of its own. After any failure of the markers (an old
// kernel, a locked mapping), this and later regions use PROT_NONE.
Result<void> install_guard(unsigned char* base, std::size_t size) {
  int state = guard_markers.load(MemoryOrder::relaxed);
  if (state != markers_unavailable &&
      sys::madvise(base, size, sys::madv_guard_install)) {
    if (state == markers_work)
      return {};
    if (rejects_writes(base)) {
      guard_markers.store(markers_work, MemoryOrder::relaxed);
      return {};
    }
  }
  guard_markers.store(markers_unavailable, MemoryOrder::relaxed);
  return sys::mprotect(base, size, PROT_NONE);
}

} // namespace

Result<Region> map_region(std::size_t stack_size, std::size_t instance_size,
                          std::size_t instance_align) {
  RegionRequest request{
      .page_size = process().page_size,
      .stack_size = stack_size,
      .stack_alignment = arch::stack_alignment,
      .tls = tls_plan(),
      .instance_size = instance_size,
      .instance_align = instance_align,
  };
  auto plan = plan_region(request);
  if (!plan)
    return plan.error();

  // A cached region of the same size has its guard page where this plan
  // puts it, and initialise_tls_area below clears its old TLS area.
  auto* base = static_cast<unsigned char*>(take_cached_region(plan->size));
  if (base == nullptr) {
    auto mapping =
        sys::mmap(nullptr, plan->size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK);
    if (!mapping)
      return mapping.error();
    base = static_cast<unsigned char*>(*mapping);
    auto guarded = install_guard(base, plan->guard_size);
    if (!guarded) {
      unmap_region(base, plan->size);
      return guarded.error();
    }
  }

  return Region{
      .base = base,
      .size = plan->size,
      .instance = base + plan->instance_offset,
      .thread_pointer = initialise_tls_area(base + plan->tls_offset),
      .stack_top = base + plan->stack_top,
  };
}

void unmap_region(void* base, std::size_t size) {
  if (!sys::munmap(base, size))
    fatal("munmap of a thread region failed");
}

Result<int> start_thread(const Region& region, InstanceBase* instance) {
  instance->region = region.base;
  instance->region_size = region.size;

  // From here on Mutex uses atomic instructions. clone orders this store
  // before anything the new thread does. Only the first spawn writes it, so
  // later ones leave its cache line shared.
  if (!__atomic_load_n(&threads_started, __ATOMIC_RELAXED))
    __atomic_store_n(&threads_started, true, __ATOMIC_RELAXED);

  // The child inherits the creator's signal mask. It needs no set-up of its
  // own before a signal handler may run on it, because clone installs its
  // thread pointer over a ready TLS area. The kernel also stores its tid in
  // its TCB before it runs its first instruction.
  long tid = weft_clone(clone_flags, region.stack_top,
                        tid_slot(region.thread_pointer), region.thread_pointer,
                        &instance->tid, weft_thread_entry, instance);
  return syscall_result<int>(tid);
}

void wait_for_exit(InstanceBase* instance) {
  // A short spin catches threads that are about to exit without sleeping.
  for (int spin = 0; spin < 100; spin++) {
    if (__atomic_load_n(&instance->tid, __ATOMIC_ACQUIRE) == 0)
      return;
  }
  for (;;) {
    int tid = __atomic_load_n(&instance->tid, __ATOMIC_ACQUIRE);
    if (tid == 0)
      return;
    (void)sys::futex_wait(&instance->tid, static_cast<std::uint32_t>(tid),
                          sys::FutexScope::shared);
  }
}

void release(InstanceBase* instance) {
  // The instance lives inside the region: read both fields first. The
  // kernel has cleared the tid word, so it no longer uses the stack, and
  // the stack ends below the TLS area, below the instance.
  void* base = instance->region;
  std::size_t size = instance->region_size;
  cache_or_unmap_region(base, size, instance);
}

void detach(InstanceBase* instance) {
  auto previous = instance->state.exchange(detached, MemoryOrder::acq_rel);
  if (previous != completed)
    return;
  // The thread finished its function before the detach: it will not free
  // its region, so wait until the kernel is done with its stack and free it.
  wait_for_exit(instance);
  instance->destroy_result(instance);
  release(instance);
}

} // namespace detail

int Thread::current_id() { return cached_tid(); }

Result<unsigned> Thread::cpu_count() {
  // The kernel rejects (EINVAL) a buffer shorter than its CPU mask, so
  // double the buffer until it fits. 128 bytes cover 1024 CPUs on the stack;
  // larger masks go to a temporary mapping.
  constexpr std::size_t stack_buffer_size = 128;
  constexpr std::size_t max_buffer_size = 1 << 20;
  unsigned char stack_buffer[stack_buffer_size];
  unsigned char* buffer = stack_buffer;
  std::size_t size = stack_buffer_size;
  for (;;) {
    auto copied = sys::sched_getaffinity(0, size, buffer);
    if (copied) {
      unsigned count = 0;
      for (std::size_t i = 0; i < *copied; i++)
        count += static_cast<unsigned>(__builtin_popcount(buffer[i]));
      if (buffer != stack_buffer)
        detail::unmap_region(buffer, size);
      return count;
    }
    if (buffer != stack_buffer)
      detail::unmap_region(buffer, size);
    if (copied.error() != Errno(EINVAL) || size >= max_buffer_size)
      return copied.error();
    size *= 2;
    auto mapping = sys::mmap(nullptr, size, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS);
    if (!mapping)
      return mapping.error();
    buffer = static_cast<unsigned char*>(*mapping);
  }
}

} // namespace weft

namespace weft {

void Thread::yield() { sys::sched_yield(); }

void Thread::sleep_until(Deadline deadline) {
  sys::Timespec time = deadline.timespec();
  // With TIMER_ABSTIME a signal handler that interrupts the sleep does not
  // move the end; sleep again until the kernel reports the time reached.
  // Any other error (ENOSYS for the *_time64 call before Linux 5.1) would
  // repeat for ever, so it ends the process instead of spinning.
  for (;;) {
    auto slept = sys::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &time);
    if (slept)
      return;
    if (slept.error() != Errno(EINTR))
      fatal("clock_nanosleep on CLOCK_MONOTONIC failed");
  }
}

} // namespace weft
