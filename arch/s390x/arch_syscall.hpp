// SPDX-License-Identifier: MIT
// s390x system calls. Source: the kernel's syscall(2) man page tables for
// s390x and the s390x psABI (register usage).
//   instruction  svc 0 (svc NR also works for NR < 256, but weft always
//                uses svc 0)
//   number       r1
//   arguments    r2, r3, r4, r5, r6, r7
//   return       r2, -4095..-1 means -errno
//   clobbers     r2 (the result) and memory: the kernel preserves every
//                other register, and glibc's s390 syscall macros declare
//                no more. The stubs also declare the condition code, as a
//                precaution. r6 and r7 are call-saved in the psABI, so GCC
//                saves and restores them in any function that binds them
//                below.
//   thread ptr   access registers a0 (high 32 bits) and a1 (low 32 bits),
//                read with ear and written with sar from user space
#pragma once

#include <asm/unistd.h>

namespace weft::arch {

inline long syscall0(long number) {
  register long r1 asm("r1") = number;
  register long r2 asm("r2");
  asm volatile("svc 0" : "=d"(r2) : "d"(r1) : "cc", "memory");
  return r2;
}

inline long syscall1(long number, long a1) {
  register long r1 asm("r1") = number;
  register long r2 asm("r2") = a1;
  asm volatile("svc 0" : "+d"(r2) : "d"(r1) : "cc", "memory");
  return r2;
}

inline long syscall2(long number, long a1, long a2) {
  register long r1 asm("r1") = number;
  register long r2 asm("r2") = a1;
  register long r3 asm("r3") = a2;
  asm volatile("svc 0" : "+d"(r2) : "d"(r1), "d"(r3) : "cc", "memory");
  return r2;
}

inline long syscall3(long number, long a1, long a2, long a3) {
  register long r1 asm("r1") = number;
  register long r2 asm("r2") = a1;
  register long r3 asm("r3") = a2;
  register long r4 asm("r4") = a3;
  asm volatile("svc 0" : "+d"(r2) : "d"(r1), "d"(r3), "d"(r4) : "cc", "memory");
  return r2;
}

inline long syscall4(long number, long a1, long a2, long a3, long a4) {
  register long r1 asm("r1") = number;
  register long r2 asm("r2") = a1;
  register long r3 asm("r3") = a2;
  register long r4 asm("r4") = a3;
  register long r5 asm("r5") = a4;
  asm volatile("svc 0"
               : "+d"(r2)
               : "d"(r1), "d"(r3), "d"(r4), "d"(r5)
               : "cc", "memory");
  return r2;
}

inline long syscall5(long number, long a1, long a2, long a3, long a4, long a5) {
  register long r1 asm("r1") = number;
  register long r2 asm("r2") = a1;
  register long r3 asm("r3") = a2;
  register long r4 asm("r4") = a3;
  register long r5 asm("r5") = a4;
  register long r6 asm("r6") = a5;
  asm volatile("svc 0"
               : "+d"(r2)
               : "d"(r1), "d"(r3), "d"(r4), "d"(r5), "d"(r6)
               : "cc", "memory");
  return r2;
}

inline long syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                     long a6) {
  register long r1 asm("r1") = number;
  register long r2 asm("r2") = a1;
  register long r3 asm("r3") = a2;
  register long r4 asm("r4") = a3;
  register long r5 asm("r5") = a4;
  register long r6 asm("r6") = a5;
  register long r7 asm("r7") = a6;
  asm volatile("svc 0"
               : "+d"(r2)
               : "d"(r1), "d"(r3), "d"(r4), "d"(r5), "d"(r6), "d"(r7)
               : "cc", "memory");
  return r2;
}

// Joins the two 32-bit halves kept in a0 and a1. ear writes only the low
// half of a 64-bit register, so the high half is shifted up in between.
inline void* thread_pointer() {
  void* pointer;
  asm volatile("ear %0, %%a0\n\t"
               "sllg %0, %0, 32\n\t"
               "ear %0, %%a1"
               : "=&d"(pointer));
  return pointer;
}

// Writing the access registers cannot fail; returns 0 to match the other
// targets. sar stores the low 32 bits of its register.
inline long set_thread_pointer(void* pointer) {
  unsigned long value = reinterpret_cast<unsigned long>(pointer);
  unsigned long high = value >> 32;
  asm volatile("sar %%a0, %0\n\t"
               "sar %%a1, %1"
               :
               : "d"(high), "d"(value)
               : "memory");
  return 0;
}

} // namespace weft::arch
