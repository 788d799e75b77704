// SPDX-License-Identifier: MIT
// Typed system-call wrappers. Each returns Result<T>: the kernel's value or
// the Errno it failed with. Numbers and flags come from the target's UAPI
// headers; nothing here sets global state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <asm/signal.h>
#include <asm/unistd.h>
#include <linux/fcntl.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/reboot.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/utsname.h>
#include <linux/wait.h>

#include "arch.hpp"
#include "result.hpp"

namespace weft::sys {

// Casts any pointer or integer argument to long, the width of a register
// on most ABIs. Where registers are wider, the arch's syscall functions
// widen long again, so a value wider than long must not pass through here.
template <class T> inline long to_arg(T value) {
  if constexpr (std::is_pointer_v<T>)
    return reinterpret_cast<long>(value);
  else
    return static_cast<long>(value);
}

// The kernel's signal set, which is not libc's sigset_t.
struct SignalSet {
  unsigned long words[arch::signal_count / (8 * sizeof(unsigned long))];
};

inline Result<void*> mmap(void* address, std::size_t size, int protection,
                          int flags, int fd = -1, std::uint64_t offset = 0) {
#if defined(WEFT_MMAP_TAKES_ARGUMENT_BLOCK)
  // This ABI's mmap reads its six arguments from memory, as longs, through
  // its one register argument (see the ABI's arch_abi.hpp).
  long arguments[6] = {to_arg(address), to_arg(size), protection,
                       flags,           fd,           to_arg(offset)};
  long raw = arch::syscall1(__NR_mmap, to_arg(arguments));
#elif defined(__NR_mmap2)
  // mmap2 counts the offset in 4096-byte units on every target that has it.
  long raw = arch::syscall6(__NR_mmap2, to_arg(address), to_arg(size),
                            protection, flags, fd, to_arg(offset >> 12));
#else
  // The kernel reads the offset from one 64-bit register. Where long is
  // narrower than a register, the arch's syscall functions take wider
  // arguments, so the offset skips to_arg, which would cut it to long.
  long raw =
      arch::syscall6(__NR_mmap, to_arg(address), to_arg(size), protection,
                     flags, fd, static_cast<std::int64_t>(offset));
#endif
  if (is_syscall_error(raw))
    return Errno(static_cast<int>(-raw));
  return reinterpret_cast<void*>(raw);
}

inline Result<void> mprotect(void* address, std::size_t size, int protection) {
  return syscall_status(
      arch::syscall3(__NR_mprotect, to_arg(address), to_arg(size), protection));
}

// MADV_DONTNEED on private anonymous memory drops its pages: they read as
// zeros on the next touch and stop counting towards the resident set.
inline Result<void> madvise(void* address, std::size_t size, int advice) {
  return syscall_status(
      arch::syscall3(__NR_madvise, to_arg(address), to_arg(size), advice));
}

// MADV_GUARD_INSTALL (Linux 6.13, value 102 in the kernel's generic
// header): accesses to the range fault like PROT_NONE, without a mapping
// of its own. Older kernels reject it with EINVAL.
inline constexpr int madv_guard_install = 102;

inline Result<void> munmap(void* address, std::size_t size) {
  return syscall_status(
      arch::syscall2(__NR_munmap, to_arg(address), to_arg(size)));
}

inline int gettid() { return static_cast<int>(arch::syscall0(__NR_gettid)); }

inline int getpid() { return static_cast<int>(arch::syscall0(__NR_getpid)); }

[[noreturn]] inline void exit_thread(int status) {
  for (;;)
    arch::syscall1(__NR_exit, status);
}

[[noreturn]] inline void exit_group(int status) {
  for (;;)
    arch::syscall1(__NR_exit_group, status);
}

inline Result<std::size_t> read(int fd, void* buffer, std::size_t size) {
  return syscall_result<std::size_t>(
      arch::syscall3(__NR_read, fd, to_arg(buffer), to_arg(size)));
}

inline Result<std::size_t> write(int fd, const void* buffer, std::size_t size) {
  return syscall_result<std::size_t>(
      arch::syscall3(__NR_write, fd, to_arg(buffer), to_arg(size)));
}

// O_LARGEFILE lets 32-bit targets open files past 2 GiB; it is 0 or ignored
// on 64-bit ones.
inline Result<int> openat(int directory_fd, const char* path, int flags,
                          int mode = 0) {
  return syscall_result<int>(arch::syscall4(
      __NR_openat, directory_fd, to_arg(path), flags | O_LARGEFILE, mode));
}

inline Result<void> close(int fd) {
  return syscall_status(arch::syscall1(__NR_close, fd));
}

inline Result<void> pipe2(int (&fds)[2], int flags) {
  return syscall_status(arch::syscall2(__NR_pipe2, to_arg(fds), flags));
}

inline Result<int> dup3(int old_fd, int new_fd, int flags) {
  return syscall_result<int>(arch::syscall3(__NR_dup3, old_fd, new_fd, flags));
}

inline Result<void> mkdirat(int directory_fd, const char* path, int mode) {
  return syscall_status(
      arch::syscall3(__NR_mkdirat, directory_fd, to_arg(path), mode));
}

// Fills buffer with struct linux_dirent64 records; 0 at the end.
inline Result<std::size_t> getdents64(int fd, void* buffer, std::size_t size) {
  return syscall_result<std::size_t>(
      arch::syscall3(__NR_getdents64, fd, to_arg(buffer), to_arg(size)));
}

inline Result<void> mount(const char* source, const char* target,
                          const char* type, unsigned long flags,
                          const void* data) {
  return syscall_status(arch::syscall5(__NR_mount, to_arg(source),
                                       to_arg(target), to_arg(type),
                                       to_arg(flags), to_arg(data)));
}

inline Result<void> uname(new_utsname* names) {
  return syscall_status(arch::syscall1(__NR_uname, to_arg(names)));
}

// Returns only on failure.
inline Result<void> execve(const char* path, char* const* argv,
                           char* const* envp) {
  return syscall_status(
      arch::syscall3(__NR_execve, to_arg(path), to_arg(argv), to_arg(envp)));
}

// Returns the pid of the child whose status was stored, or 0 under WNOHANG
// when no child has changed state.
inline Result<int> wait4(int pid, int* status, int options) {
  return syscall_result<int>(
      arch::syscall4(__NR_wait4, pid, to_arg(status), options, 0));
}

inline Result<void> kill(int pid, int signal) {
  return syscall_status(arch::syscall2(__NR_kill, pid, signal));
}

inline void sync() { arch::syscall0(__NR_sync); }

// LINUX_REBOOT_CMD_POWER_OFF and the others; returns only on failure.
inline Result<void> reboot(unsigned command) {
  return syscall_status(arch::syscall4(__NR_reboot, LINUX_REBOOT_MAGIC1,
                                       LINUX_REBOOT_MAGIC2, command, 0));
}

// Returns the number of bytes of mask the kernel filled in.
inline Result<std::size_t> sched_getaffinity(int tid, std::size_t size,
                                             void* mask) {
  return syscall_result<std::size_t>(
      arch::syscall3(__NR_sched_getaffinity, tid, to_arg(size), to_arg(mask)));
}

inline Result<void> sched_setaffinity(int tid, std::size_t size,
                                      const void* mask) {
  return syscall_status(
      arch::syscall3(__NR_sched_setaffinity, tid, to_arg(size), to_arg(mask)));
}

inline Result<void> rt_sigprocmask(int how, const SignalSet* set,
                                   SignalSet* old) {
  return syscall_status(arch::syscall4(__NR_rt_sigprocmask, how, to_arg(set),
                                       to_arg(old), sizeof(SignalSet)));
}

inline long set_tid_address(int* address) {
  return arch::syscall1(__NR_set_tid_address, to_arg(address));
}

inline Result<int> prctl(int option, unsigned long a2, unsigned long a3 = 0,
                         unsigned long a4 = 0, unsigned long a5 = 0) {
  return syscall_result<int>(arch::syscall5(
      __NR_prctl, option, to_arg(a2), to_arg(a3), to_arg(a4), to_arg(a5)));
}

// Which waiters a futex call can meet. Private futexes are faster but match
// only private calls; the kernel's wake-up for CLONE_CHILD_CLEARTID is a
// shared one, so a wait for a thread's exit must be shared too.
enum class FutexScope { process_private, shared };

// 32-bit targets have two futex calls; the *_time64 one reads 64-bit
// seconds, like Timespec below. 64-bit targets have only futex.
inline long futex_number() {
#ifdef __NR_futex_time64
  return __NR_futex_time64;
#else
  return __NR_futex;
#endif
}

inline int futex_operation(int operation, FutexScope scope) {
  return scope == FutexScope::process_private ? operation | FUTEX_PRIVATE_FLAG
                                              : operation;
}

// 64-bit seconds on every target: 32-bit ones use the *_time64 calls, so
// their clocks do not end in 2038.
using Timespec = __kernel_timespec;

// Waits while *word equals expected, with no timeout. Returns when woken,
// EAGAIN when the word already differed, EINTR on a signal; callers must
// re-check their condition either way (wake-ups may be spurious).
inline Result<void> futex_wait(const volatile void* word,
                               std::uint32_t expected,
                               FutexScope scope = FutexScope::process_private) {
  return syscall_status(arch::syscall4(futex_number(), to_arg(word),
                                       futex_operation(FUTEX_WAIT, scope),
                                       static_cast<long>(expected), 0));
}

// As futex_wait, but gives up with ETIMEDOUT once CLOCK_MONOTONIC reaches
// deadline. FUTEX_WAIT_BITSET is the form that takes an absolute time; the
// all-ones bitset matches every wake-up.
inline Result<void>
futex_wait_until(const volatile void* word, std::uint32_t expected,
                 const Timespec& deadline,
                 FutexScope scope = FutexScope::process_private) {
  return syscall_status(arch::syscall6(
      futex_number(), to_arg(word), futex_operation(FUTEX_WAIT_BITSET, scope),
      static_cast<long>(expected), to_arg(&deadline), 0,
      static_cast<long>(FUTEX_BITSET_MATCH_ANY)));
}

// Wakes up to count waiters; returns how many were woken.
inline Result<int> futex_wake(const volatile void* word, int count,
                              FutexScope scope = FutexScope::process_private) {
  return syscall_result<int>(arch::syscall3(
      futex_number(), to_arg(word), futex_operation(FUTEX_WAKE, scope), count));
}

inline Result<void> clock_gettime(int clock, Timespec* time) {
#ifdef __NR_clock_gettime64
  long number = __NR_clock_gettime64;
#else
  long number = __NR_clock_gettime;
#endif
  return syscall_status(arch::syscall2(number, clock, to_arg(time)));
}

// Sleeps until the clock reaches time (flags TIMER_ABSTIME) or for time;
// EINTR when a signal handler ran first.
inline Result<void> clock_nanosleep(int clock, int flags, const Timespec* time,
                                    Timespec* remaining = nullptr) {
#ifdef __NR_clock_nanosleep_time64
  long number = __NR_clock_nanosleep_time64;
#else
  long number = __NR_clock_nanosleep;
#endif
  return syscall_status(
      arch::syscall4(number, clock, flags, to_arg(time), to_arg(remaining)));
}

inline void sched_yield() { arch::syscall0(__NR_sched_yield); }

} // namespace weft::sys
