// SPDX-License-Identifier: MIT
// 32-bit PowerPC system calls. Sources: the sc convention in the kernel's
// Documentation/powerpc/syscall64-abi.rst, which 32-bit kernels use as
// well, and the 32-bit PowerPC ELF ABI for the registers a call may change.
//   instruction  sc
//   number       r0
//   arguments    r3 .. r8; a 64-bit value would take an aligned register
//                pair (r3:r4, r5:r6 or r7:r8), high word first. No weft
//                call passes one: mmap2 takes its offset in 4096-byte units
//   return       r3. On failure the kernel sets cr0.SO and puts the
//                positive errno in r3, which syscall6 negates
//   clobbers     r0, r4 .. r12, cr0, ctr, xer (ELF ABI volatile registers
//                that the syscall ABI does not name as preserved)
//   thread ptr   r2, written from user space with mr
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

// The 32-bit ABI reserves r2 for the system, and GCC treats it as a fixed
// register, so compiled code never changes it.
inline void* thread_pointer() {
  void* pointer;
  asm volatile("mr %0, 2" : "=r"(pointer));
  return pointer;
}

// Returns 0, because writing r2 cannot fail. Other targets return 0 or
// -errno.
inline long set_thread_pointer(void* pointer) {
  asm volatile("mr 2, %0" : : "r"(pointer) : "memory");
  return 0;
}

} // namespace weft::arch
