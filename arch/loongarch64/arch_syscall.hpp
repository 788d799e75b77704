// SPDX-License-Identifier: MIT
// loongarch64 system calls. Source: the syscall(2) man page tables for
// loongarch and the kernel's syscall entry (arch/loongarch/kernel/entry.S in
// Linux 6.1, handle_syscall), which saves a0-a7, ra, tp, fp and s0-s8 but
// not the temporaries t0-t8, and reloads stale values into those on return.
//   instruction  syscall 0
//   number       a7
//   arguments    a0 .. a5
//   return       a0, -4095..-1 means -errno
//   clobbers     t0 .. t8, memory
//   thread ptr   $tp (r2), an ordinary register that user space writes
#pragma once

#include <asm/unistd.h>

namespace weft::arch {

inline long syscall6(long number, long arg1, long arg2, long arg3, long arg4,
                     long arg5, long arg6) {
  register long a7 asm("$a7") = number;
  register long a0 asm("$a0") = arg1;
  register long a1 asm("$a1") = arg2;
  register long a2 asm("$a2") = arg3;
  register long a3 asm("$a3") = arg4;
  register long a4 asm("$a4") = arg5;
  register long a5 asm("$a5") = arg6;
  asm volatile("syscall 0"
               : "+r"(a0)
               : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
               : "$t0", "$t1", "$t2", "$t3", "$t4", "$t5", "$t6", "$t7",
                 "$t8", "memory");
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
  asm volatile("move %0, $tp" : "=r"(pointer));
  return pointer;
}

// Writing $tp cannot fail, so this returns 0, the success value of the
// targets that need a system call for it.
inline long set_thread_pointer(void* pointer) {
  asm volatile("move $tp, %0" : : "r"(pointer) : "memory");
  return 0;
}

} // namespace weft::arch
