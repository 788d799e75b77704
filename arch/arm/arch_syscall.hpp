// SPDX-License-Identifier: MIT
// 32-bit Arm (EABI) system calls. Source: the kernel's syscall(2) man page
// table for arm/EABI, and AAPCS32 for the registers a call may change.
//   instruction  svc #0
//   number       r7
//   arguments    r0 .. r5 (a 64-bit value would take an even/odd register
//                pair; no weft call passes one)
//   return       r0, -4095..-1 means -errno
//   clobbers     memory; the kernel preserves every other register, and the
//                stub below also changes ip
//   thread ptr   TPIDRURO (cp15 c13, c0, 3), read with mrc and written by
//                the Arm-private system call __ARM_NR_set_tls
#pragma once

#include <asm/unistd.h>

#ifndef __ARM_EABI__
#error "weft supports only the Arm EABI system call convention (svc #0, r7)"
#endif

// NOTE: TPIDRURO exists from ARMv6K on. Older cores need the kernel's
// get_tls helper at 0xffff0fe0, which weft does not use.
#if __ARM_ARCH < 7 && !defined(__ARM_ARCH_6K__) && !defined(__ARM_ARCH_6KZ__)
#error "weft reads the thread pointer with mrc, which needs ARMv6K or later"
#endif

namespace weft::arch {

// In Thumb code GCC keeps the frame pointer in r7 and rejects r7 as an asm
// operand when a frame pointer is needed (at -O0, for one). So the number
// comes in any register and moves into r7 only around svc, while ip, which
// any call may change, keeps the caller's r7.
inline long syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                     long a6) {
  register long r0 asm("r0") = a1;
  register long r1 asm("r1") = a2;
  register long r2 asm("r2") = a3;
  register long r3 asm("r3") = a4;
  register long r4 asm("r4") = a5;
  register long r5 asm("r5") = a6;
  asm volatile("mov ip, r7\n\t"
               "mov r7, %[number]\n\t"
               "svc #0\n\t"
               "mov r7, ip"
               : "+r"(r0)
               : [number] "r"(number), "r"(r1), "r"(r2), "r"(r3), "r"(r4),
                 "r"(r5)
               : "ip", "memory");
  return r0;
}

using SyscallWord = long;
#include "syscall_from_six.hpp"

// Reads TPIDRURO, which user code may read but only the kernel may write.
inline void* thread_pointer() {
  void* pointer;
  asm volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(pointer));
  return pointer;
}

// Returns 0 or -errno.
inline long set_thread_pointer(void* pointer) {
  return syscall1(__ARM_NR_set_tls, reinterpret_cast<long>(pointer));
}

} // namespace weft::arch
