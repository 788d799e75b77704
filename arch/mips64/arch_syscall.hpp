// SPDX-License-Identifier: MIT
// 64-bit MIPS (n64) system calls. Source: the kernel's syscall(2) man page
// tables for mips/n32,64 and the kernel's arch/mips/kernel/scall64-n64.S.
//   instruction  syscall
//   number       v0 ($2), loaded by the instruction right before syscall:
//                old kernels restarted an interrupted call by running
//                that instruction again
//   arguments    a0-a5 ($4-$9); n64 passes all six in registers
//   return       v0. When a3 ($7) != 0, v0 is a positive errno, and
//                these functions return it negated
//   clobbers     $1, v1 ($3), $8-$15, t8, t9 ($24, $25), hi, lo
//   stack        16-byte aligned, no red zone
//   thread ptr   UserLocal hardware register 29, set with set_thread_area
#pragma once

#include <asm/signal.h>
#include <asm/unistd.h>

#include "arch_abi.hpp"

// NOTE: n32 shares this folder's CPU family but is untested: its syscall
// numbers come from the same <asm/unistd.h>, but its long and pointers are
// 32 bits wide, which arch_abi.hpp and thread.S do not yet account for.
#if _MIPS_SIM != _ABI64
#error "arch/mips64 supports the n64 ABI only"
#endif

static_assert(weft::arch::signal_count == _NSIG,
              "arch_abi.hpp's signal_count must match <asm/signal.h>");

namespace weft::arch {

namespace detail {

// Turns the kernel's (v0, a3) pair into the kernel value or -errno. Only a
// positive v0 is negated: a failure already in -errno form stays as it is.
inline long kernel_result(long value, long error_flag) {
  return error_flag != 0 && value > 0 ? -value : value;
}

} // namespace detail

// v0 is an early-clobber output, so the number comes from another register
// that the syscall keeps: a restarted call that runs the move again reloads
// it. All six argument registers are outputs too ("+r"): a3 carries the
// error flag back, and $8 and $9 are among the registers the kernel may
// change.
inline long syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                     long a6) {
  register long v0 asm("$2");
  register long r4 asm("$4") = a1;
  register long r5 asm("$5") = a2;
  register long r6 asm("$6") = a3;
  register long r7 asm("$7") = a4;
  register long r8 asm("$8") = a5;
  register long r9 asm("$9") = a6;
  asm volatile("move $2, %[number]\n\t"
               "syscall"
               : "=&r"(v0), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8),
                 "+r"(r9)
               : [number] "r"(number)
               : "$1", "$3", "$10", "$11", "$12", "$13", "$14", "$15", "$24",
                 "$25", "hi", "lo", "memory");
  return detail::kernel_result(v0, r7);
}

// Unused argument registers are passed as 0, which the kernel ignores.
inline long syscall0(long number) { return syscall6(number, 0, 0, 0, 0, 0, 0); }

inline long syscall1(long number, long a1) {
  return syscall6(number, a1, 0, 0, 0, 0, 0);
}

inline long syscall2(long number, long a1, long a2) {
  return syscall6(number, a1, a2, 0, 0, 0, 0);
}

inline long syscall3(long number, long a1, long a2, long a3) {
  return syscall6(number, a1, a2, a3, 0, 0, 0);
}

inline long syscall4(long number, long a1, long a2, long a3, long a4) {
  return syscall6(number, a1, a2, a3, a4, 0, 0);
}

inline long syscall5(long number, long a1, long a2, long a3, long a4, long a5) {
  return syscall6(number, a1, a2, a3, a4, a5, 0);
}

// Reads UserLocal into v1. The destination must be $3: cores without
// UserLocal trap rdhwr, and the kernel emulates only this exact form
// quickly. rdhwr is a release 2 instruction, so older ISAs need the
// assembler's permission.
inline void* thread_pointer() {
  register void* v1 asm("$3");
#if __mips_isa_rev >= 2
  asm volatile("rdhwr $3, $29" : "=r"(v1));
#else
  asm volatile(".set push\n\t"
               ".set mips64r2\n\t"
               "rdhwr $3, $29\n\t"
               ".set pop"
               : "=r"(v1));
#endif
  return v1;
}

// Returns 0 or -errno.
inline long set_thread_pointer(void* pointer) {
  return syscall1(__NR_set_thread_area, reinterpret_cast<long>(pointer));
}

} // namespace weft::arch
