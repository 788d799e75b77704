// SPDX-License-Identifier: MIT
// The "floor" programs: the benchmarks' raw clone and futex work with no
// runtime around it, to show what the kernel allows. x86_64 only, built
// with gcc -static -nostdlib -ffreestanding. There is no TLS, no signal
// handling, no guard page under a thread's stack and no error handling
// beyond a message and exit status 1.
#ifndef WEFT_BENCHMARKS_FLOOR_FLOOR_H
#define WEFT_BENCHMARKS_FLOOR_FLOOR_H

#include <stddef.h>
#include <stdint.h>

#include <asm/unistd.h>
#include <linux/futex.h>

static inline long floor_syscall(long number, long a1, long a2, long a3,
                                 long a4, long a5, long a6) {
  register long r10 __asm__("r10") = a4;
  register long r8 __asm__("r8") = a5;
  register long r9 __asm__("r9") = a6;
  long result;
  __asm__ volatile("syscall"
                   : "=a"(result)
                   : "a"(number), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8),
                     "r"(r9)
                   : "rcx", "r11", "memory");
  return result;
}

static inline long floor_futex_wait(const void* word, uint32_t expected,
                                    int operation_flags) {
  return floor_syscall(__NR_futex, (long)word, FUTEX_WAIT | operation_flags,
                       expected, 0, 0, 0);
}

static inline long floor_futex_wake(const void* word, int count,
                                    int operation_flags) {
  return floor_syscall(__NR_futex, (long)word, FUTEX_WAKE | operation_flags,
                       count, 0, 0, 0);
}

// A thread started by floor_spawn: its stack mapping and the tid word
// that the kernel clears and wakes when the thread has exited.
struct floor_thread {
  int tid;
  void* stack;
  size_t stack_size;
};

// Maps a stack of stack_size bytes (one mmap, no guard page) and clones a
// thread that runs function(argument) on it. Returns 0 or -errno.
long floor_spawn(struct floor_thread* thread, size_t stack_size,
                 void (*function)(void*), void* argument);

// Clones a thread that runs function(argument) on a stack the caller
// mapped and keeps. Returns 0 or -errno.
long floor_spawn_on(struct floor_thread* thread, void* stack,
                    size_t stack_size, void (*function)(void*),
                    void* argument);

// Waits until the kernel has cleared the thread's tid, after which it no
// longer uses the stack.
void floor_wait(struct floor_thread* thread);

// floor_wait, then unmaps the stack floor_spawn mapped.
void floor_join(struct floor_thread* thread);

int64_t floor_now_ns(void);

// Writes "program: message" to standard error and exits with status 1.
_Noreturn void floor_fail(const char* message);

// The decimal argument at index, or fallback when there are fewer.
int64_t floor_argument(int index, int64_t fallback);

// Prints "name value unit", and "name total/count unit" to one decimal.
void floor_report(const char* name, int64_t value, const char* unit);
void floor_report_mean(const char* name, int64_t total, int64_t count,
                       const char* unit);

// VmRSS and VmSize from /proc/self/status, in KiB.
struct floor_memory {
  int64_t resident_kib;
  int64_t mapped_kib;
};
struct floor_memory floor_read_memory(void);

void* floor_map(size_t size);

#endif
