// SPDX-License-Identifier: MIT
// riscv64 system calls. Source: the syscall(2) man page tables for riscv (the
// psABI leaves system calls to the kernel) and the kernel's trap entry,
// which saves every register and restores all but a0.
//   instruction  ecall
//   number       a7
//   arguments    a0 .. a5
//   return       a0, -4095..-1 means -errno
//   clobbers     memory only; the kernel preserves every other register
//   thread ptr   tp (x4), an ordinary register that user space writes
#pragma once

#include <asm/unistd.h>

namespace weft::arch {

inline long syscall6(long number, long arg1, long arg2, long arg3, long arg4,
                     long arg5, long arg6) {
  register long a7 asm("a7") = number;
  register long a0 asm("a0") = arg1;
  register long a1 asm("a1") = arg2;
  register long a2 asm("a2") = arg3;
  register long a3 asm("a3") = arg4;
  register long a4 asm("a4") = arg5;
  register long a5 asm("a5") = arg6;
  asm volatile("ecall"
               : "+r"(a0)
               : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
               : "memory");
  return a0;
}

// Unused argument registers are passed as 0; the kernel ignores them.
inline long syscall0(long number) { return syscall6(number, 0, 0, 0, 0, 0, 0); }

inline long syscall1(long number, long arg1) {
  return syscall6(number, arg1, 0, 0, 0, 0, 0);
}

inline long syscall2(long number, long arg1, long arg2) {
  return syscall6(number, arg1, arg2, 0, 0, 0, 0);
}

inline long syscall3(long number, long arg1, long arg2, long arg3) {
  return syscall6(number, arg1, arg2, arg3, 0, 0, 0);
}

inline long syscall4(long number, long arg1, long arg2, long arg3, long arg4) {
  return syscall6(number, arg1, arg2, arg3, arg4, 0, 0);
}

inline long syscall5(long number, long arg1, long arg2, long arg3, long arg4,
                     long arg5) {
  return syscall6(number, arg1, arg2, arg3, arg4, arg5, 0);
}

inline void* thread_pointer() {
  void* pointer;
  asm volatile("mv %0, tp" : "=r"(pointer));
  return pointer;
}

// Writing tp cannot fail, so this returns 0, the success value of the
// targets that need a system call for it.
inline long set_thread_pointer(void* pointer) {
  asm volatile("mv tp, %0" : : "r"(pointer) : "memory");
  return 0;
}

} // namespace weft::arch
