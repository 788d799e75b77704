// SPDX-License-Identifier: MIT
// syscall0 .. syscall5 for an architecture whose arch_syscall.hpp writes
// only syscall6 in assembly. Unused argument registers are passed as 0,
// which the kernel ignores. The including header defines SyscallWord, the
// argument type: long, or a wider type where registers are wider than long
// (mips n32), and includes this file after syscall6, inside weft::arch.

inline long syscall0(long number) { return syscall6(number, 0, 0, 0, 0, 0, 0); }

inline long syscall1(long number, SyscallWord a1) {
  return syscall6(number, a1, 0, 0, 0, 0, 0);
}

inline long syscall2(long number, SyscallWord a1, SyscallWord a2) {
  return syscall6(number, a1, a2, 0, 0, 0, 0);
}

inline long syscall3(long number, SyscallWord a1, SyscallWord a2,
                     SyscallWord a3) {
  return syscall6(number, a1, a2, a3, 0, 0, 0);
}

inline long syscall4(long number, SyscallWord a1, SyscallWord a2,
                     SyscallWord a3, SyscallWord a4) {
  return syscall6(number, a1, a2, a3, a4, 0, 0);
}

inline long syscall5(long number, SyscallWord a1, SyscallWord a2,
                     SyscallWord a3, SyscallWord a4, SyscallWord a5) {
  return syscall6(number, a1, a2, a3, a4, a5, 0);
}
