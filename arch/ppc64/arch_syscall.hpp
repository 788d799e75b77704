// SPDX-License-Identifier: MIT
// 64-bit PowerPC system calls. Source: the kernel's
// Documentation/powerpc/syscall64-abi.rst.
//   instruction  sc
//   number       r0
//   arguments    r3 .. r8
//   return       r3. On failure the kernel sets cr0.SO and puts the
//                positive errno in r3, which syscall6 negates
//   clobbers     r0, r4 .. r12, cr0, ctr, xer (ELF ABI volatile registers
//                that the syscall ABI does not name as preserved); lr,
//                cr1 and cr5 .. cr7 are preserved, unlike in a call
//   thread ptr   r13, written from user space with mr
// The same for ELFv1 and ELFv2.
#pragma once

#include <asm/unistd.h>

namespace weft::arch {

inline long syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                     long a6) {
  register long r0 asm("r0") = number;
  register long r3 asm("r3") = a1;
  register long r4 asm("r4") = a2;
  register long r5 asm("r5") = a3;
  register long r6 asm("r6") = a4;
  register long r7 asm("r7") = a5;
  register long r8 asm("r8") = a6;
  // bns+ skips the negation when cr0.SO is clear, which is the usual case.
  asm volatile("sc\n\t"
               "bns+ 1f\n\t"
               "neg 3, 3\n"
               "1:"
               : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7),
                 "+r"(r8)
               :
               : "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory");
  return r3;
}

using SyscallWord = long;
#include "syscall_from_six.hpp"

// GCC treats r13 as a fixed register on 64-bit PowerPC, so compiled code
// never changes it.
inline void* thread_pointer() {
  void* pointer;
  asm volatile("mr %0, 13" : "=r"(pointer));
  return pointer;
}

// Returns 0, because writing r13 cannot fail. Other targets return 0 or
// -errno.
inline long set_thread_pointer(void* pointer) {
  asm volatile("mr 13, %0" : : "r"(pointer) : "memory");
  return 0;
}

} // namespace weft::arch
