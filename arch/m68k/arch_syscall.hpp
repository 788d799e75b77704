// SPDX-License-Identifier: MIT
// m68k system calls. Source: the kernel's syscall(2) man page table for
// m68k, and struct pt_regs in the m68k <asm/ptrace.h>: the frame in which
// the kernel saves d0-d5 and a0-a2 on entry and restores them on return.
//   instruction  trap #0
//   number       d0
//   arguments    d1, d2, d3, d4, d5, a0
//   return       d0, -4095..-1 is -errno
//   clobbers     d0 only: every other register comes back unchanged
//   stack        no red zone; the psABI needs 2-byte alignment only
//   thread ptr   kept by the kernel: set_thread_area stores it and
//                get_thread_area returns it
#pragma once

#include <asm/unistd.h>

#include "arch_abi.hpp"

// weft's atomics must be single instructions. The 68000, 68010, CPU32 and
// ColdFire cores have no cas, and GCC would call library functions that a
// weft program lacks.
#if __GCC_ATOMIC_INT_LOCK_FREE != 2
#error "arch/m68k needs a CPU with the cas instruction: 68020 to 68060"
#endif

namespace weft::arch {

inline long syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                     long a6) {
  register long d0 asm("d0") = number;
  register long d1 asm("d1") = a1;
  register long d2 asm("d2") = a2;
  register long d3 asm("d3") = a3;
  register long d4 asm("d4") = a4;
  register long d5 asm("d5") = a5;
  register long a0 asm("a0") = a6;
  asm volatile("trap #0"
               : "+r"(d0)
               : "r"(d1), "r"(d2), "r"(d3), "r"(d4), "r"(d5), "r"(a0)
               : "memory", "cc");
  return d0;
}

inline long syscall0(long number) {
  register long d0 asm("d0") = number;
  asm volatile("trap #0" : "+r"(d0) : : "memory", "cc");
  return d0;
}

inline long syscall1(long number, long a1) {
  register long d0 asm("d0") = number;
  register long d1 asm("d1") = a1;
  asm volatile("trap #0" : "+r"(d0) : "r"(d1) : "memory", "cc");
  return d0;
}

inline long syscall2(long number, long a1, long a2) {
  register long d0 asm("d0") = number;
  register long d1 asm("d1") = a1;
  register long d2 asm("d2") = a2;
  asm volatile("trap #0" : "+r"(d0) : "r"(d1), "r"(d2) : "memory", "cc");
  return d0;
}

inline long syscall3(long number, long a1, long a2, long a3) {
  register long d0 asm("d0") = number;
  register long d1 asm("d1") = a1;
  register long d2 asm("d2") = a2;
  register long d3 asm("d3") = a3;
  asm volatile("trap #0"
               : "+r"(d0)
               : "r"(d1), "r"(d2), "r"(d3)
               : "memory", "cc");
  return d0;
}

inline long syscall4(long number, long a1, long a2, long a3, long a4) {
  register long d0 asm("d0") = number;
  register long d1 asm("d1") = a1;
  register long d2 asm("d2") = a2;
  register long d3 asm("d3") = a3;
  register long d4 asm("d4") = a4;
  asm volatile("trap #0"
               : "+r"(d0)
               : "r"(d1), "r"(d2), "r"(d3), "r"(d4)
               : "memory", "cc");
  return d0;
}

inline long syscall5(long number, long a1, long a2, long a3, long a4, long a5) {
  register long d0 asm("d0") = number;
  register long d1 asm("d1") = a1;
  register long d2 asm("d2") = a2;
  register long d3 asm("d3") = a3;
  register long d4 asm("d4") = a4;
  register long d5 asm("d5") = a5;
  asm volatile("trap #0"
               : "+r"(d0)
               : "r"(d1), "r"(d2), "r"(d3), "r"(d4), "r"(d5)
               : "memory", "cc");
  return d0;
}

// Makes one system call per read, because no register contains the thread
// pointer on m68k. get_thread_area cannot fail, and returns 0 before
// set_thread_area.
inline void* thread_pointer() {
  return reinterpret_cast<void*>(syscall0(__NR_get_thread_area));
}

// Returns 0 or -errno.
inline long set_thread_pointer(void* pointer) {
  return syscall1(__NR_set_thread_area, reinterpret_cast<long>(pointer));
}

} // namespace weft::arch
