// SPDX-License-Identifier: MIT
// x86_64 system calls. Source: System V AMD64 psABI 1.0, appendix A.2
// (Linux conventions).
//   instruction  syscall
//   number       rax
//   arguments    rdi, rsi, rdx, r10, r8, r9
//   return       rax, -4095..-1 means -errno
//   clobbers     rcx (return address), r11 (rflags), memory
//   thread ptr   fs base, set with arch_prctl(ARCH_SET_FS)
#pragma once

#include <asm/prctl.h>
#include <asm/unistd.h>

namespace weft::arch {

inline long syscall0(long number) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(number) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall1(long number, long a1) {
  long ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(number), "D"(a1)
               : "rcx", "r11", "memory");
  return ret;
}

inline long syscall2(long number, long a1, long a2) {
  long ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(number), "D"(a1), "S"(a2)
               : "rcx", "r11", "memory");
  return ret;
}

inline long syscall3(long number, long a1, long a2, long a3) {
  long ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(number), "D"(a1), "S"(a2), "d"(a3)
               : "rcx", "r11", "memory");
  return ret;
}

inline long syscall4(long number, long a1, long a2, long a3, long a4) {
  long ret;
  register long r10 asm("r10") = a4;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(number), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
               : "rcx", "r11", "memory");
  return ret;
}

inline long syscall5(long number, long a1, long a2, long a3, long a4, long a5) {
  long ret;
  register long r10 asm("r10") = a4;
  register long r8 asm("r8") = a5;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(number), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
               : "rcx", "r11", "memory");
  return ret;
}

inline long syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                     long a6) {
  long ret;
  register long r10 asm("r10") = a4;
  register long r8 asm("r8") = a5;
  register long r9 asm("r9") = a6;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(number), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8),
                 "r"(r9)
               : "rcx", "r11", "memory");
  return ret;
}

// Reads the self pointer that variant II keeps at %fs:0.
inline void* thread_pointer() {
  void* pointer;
  asm volatile("mov %%fs:0, %0" : "=r"(pointer));
  return pointer;
}

// Returns 0 or -errno.
inline long set_thread_pointer(void* pointer) {
  return syscall2(__NR_arch_prctl, ARCH_SET_FS,
                  reinterpret_cast<long>(pointer));
}

} // namespace weft::arch
