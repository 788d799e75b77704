// SPDX-License-Identifier: MIT
// 32-bit MIPS (o32) system calls. Source: the kernel's syscall(2) man page
// table for mips/o32, the kernel's arch/mips/kernel/scall32-o32.S, and the
// MIPS psABI supplement (o32 calling convention).
//   instruction  syscall
//   number       v0 ($2), loaded by the instruction right before syscall:
//                old kernels restarted an interrupted call by running
//                that instruction again
//   arguments    a0-a3 ($4-$7); arguments 5 to 8 at sp+16 .. sp+28. The
//                kernel copies those four words from the stack on every
//                call, so sp must point at readable memory
//   return       v0. When a3 ($7) != 0, v0 is a positive errno, and
//                these functions return it negated
//   clobbers     $1, v1 ($3), t0-t7 ($8-$15), t8, t9 ($24, $25), hi, lo
//   stack        8-byte aligned, no red zone
//   thread ptr   UserLocal hardware register 29, set with set_thread_area
#pragma once

#include <asm/signal.h>
#include <asm/unistd.h>

#include "arch_abi.hpp"

#if _MIPS_SIM != _ABIO32
#error "arch/mips is the o32 ABI; n32 and n64 live in arch/mips64"
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
// it. The argument registers are outputs too ("+r"): a3 carries the error
// flag back, and a0-a2 are not assumed to survive.
inline long syscall4(long number, long a1, long a2, long a3, long a4) {
  register long v0 asm("$2");
  register long r4 asm("$4") = a1;
  register long r5 asm("$5") = a2;
  register long r6 asm("$6") = a3;
  register long r7 asm("$7") = a4;
  asm volatile("move $2, %[number]\n\t"
               "syscall"
               : "=&r"(v0), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
               : [number] "r"(number)
               : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14",
                 "$15", "$24", "$25", "hi", "lo", "memory");
  return detail::kernel_result(v0, r7);
}

// Arguments 5 and 6 go on the stack, 16 and 20 bytes above sp, inside a
// 32-byte area this call reserves below the compiler's frame for the time
// of the call.
inline long syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                     long a6) {
  register long v0 asm("$2");
  register long r4 asm("$4") = a1;
  register long r5 asm("$5") = a2;
  register long r6 asm("$6") = a3;
  register long r7 asm("$7") = a4;
  asm volatile("addiu $sp, $sp, -32\n\t"
               "sw %[a5], 16($sp)\n\t"
               "sw %[a6], 20($sp)\n\t"
               "move $2, %[number]\n\t"
               "syscall\n\t"
               "addiu $sp, $sp, 32"
               : "=&r"(v0), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
               : [number] "r"(number), [a5] "r"(a5), [a6] "r"(a6)
               : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14",
                 "$15", "$24", "$25", "hi", "lo", "memory");
  return detail::kernel_result(v0, r7);
}

// Unused argument registers are passed as 0, which the kernel ignores.
inline long syscall0(long number) { return syscall4(number, 0, 0, 0, 0); }

inline long syscall1(long number, long a1) {
  return syscall4(number, a1, 0, 0, 0);
}

inline long syscall2(long number, long a1, long a2) {
  return syscall4(number, a1, a2, 0, 0);
}

inline long syscall3(long number, long a1, long a2, long a3) {
  return syscall4(number, a1, a2, a3, 0);
}

inline long syscall5(long number, long a1, long a2, long a3, long a4, long a5) {
  return syscall6(number, a1, a2, a3, a4, a5, 0);
}

// Reads UserLocal into v1. The destination must be $3: cores without
// UserLocal trap rdhwr, and the kernel emulates only this exact form
// quickly. rdhwr is a MIPS32 release 2 instruction, so older ISAs need the
// assembler's permission.
inline void* thread_pointer() {
  register void* v1 asm("$3");
#if __mips_isa_rev >= 2
  asm volatile("rdhwr $3, $29" : "=r"(v1));
#else
  asm volatile(".set push\n\t"
               ".set mips32r2\n\t"
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
