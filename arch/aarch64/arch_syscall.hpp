// SPDX-License-Identifier: MIT
// aarch64 system calls. Source: the kernel's syscall(2) man page table for
// arm64 and AAPCS64.
//   instruction  svc #0
//   number       x8
//   arguments    x0 .. x5
//   return       x0, -4095..-1 means -errno
//   clobbers     memory only; the kernel preserves every other register
//   thread ptr   tpidr_el0, written from user space with msr
#pragma once

#include <asm/unistd.h>

namespace weft::arch {

inline long syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                     long a6) {
  register long x8 asm("x8") = number;
  register long x0 asm("x0") = a1;
  register long x1 asm("x1") = a2;
  register long x2 asm("x2") = a3;
  register long x3 asm("x3") = a4;
  register long x4 asm("x4") = a5;
  register long x5 asm("x5") = a6;
  asm volatile("svc #0"
               : "+r"(x0)
               : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
               : "memory");
  return x0;
}

using SyscallWord = long;
#include "syscall_from_six.hpp"

inline void* thread_pointer() {
  void* pointer;
  asm volatile("mrs %0, tpidr_el0" : "=r"(pointer));
  return pointer;
}

// Writing tpidr_el0 cannot fail; returns 0 to match the other targets.
inline long set_thread_pointer(void* pointer) {
  asm volatile("msr tpidr_el0, %0" : : "r"(pointer) : "memory");
  return 0;
}

} // namespace weft::arch
