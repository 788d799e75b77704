// SPDX-License-Identifier: MIT
// 64-bit SPARC system calls. Sources: the syscall(2) man page tables for
// sparc64 and the kernel's sparc64 system call entry and clone code
// (arch/sparc/kernel/syscalls.S, process_64.c).
//   instruction  t 0x6d (software trap 0x6d; 32-bit programs use 0x10)
//   number       g1
//   arguments    o0 .. o5
//   return       o0. On failure the kernel sets the carry bit in %xcc
//                and puts the positive errno in o0, which the stubs negate
//   clobbers     o0, the condition codes and memory. The kernel reloads
//                the other registers from the copy it saved on entry,
//                but the fork family also writes a second result into o1
//                (1 in the child, 0 in the parent). So the stubs treat o1
//                as written too
//   thread ptr   g7, written from user space with mov
#pragma once

#include <asm/unistd.h>

namespace weft::arch {

inline long syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                     long a6) {
  register long g1 asm("g1") = number;
  register long o0 asm("o0") = a1;
  register long o1 asm("o1") = a2;
  register long o2 asm("o2") = a3;
  register long o3 asm("o3") = a4;
  register long o4 asm("o4") = a5;
  register long o5 asm("o5") = a6;
  // The annulled branch runs the negation in its delay slot only when the
  // carry is set, that is, only on failure.
  asm volatile("t 0x6d\n\t"
               "bcs,a,pn %%xcc, 1f\n\t"
               " sub %%g0, %%o0, %%o0\n"
               "1:"
               : "+r"(o0), "+r"(o1)
               : "r"(g1), "r"(o2), "r"(o3), "r"(o4), "r"(o5)
               : "cc", "memory");
  return o0;
}

using SyscallWord = long;
#include "syscall_from_six.hpp"

// GCC reserves g7 for the system on 64-bit SPARC Linux, so compiled code
// never changes it.
inline void* thread_pointer() {
  void* pointer;
  asm volatile("mov %%g7, %0" : "=r"(pointer));
  return pointer;
}

// Returns 0, because writing g7 cannot fail. Other targets return 0 or
// -errno.
inline long set_thread_pointer(void* pointer) {
  asm volatile("mov %0, %%g7" : : "r"(pointer) : "memory");
  return 0;
}

} // namespace weft::arch
