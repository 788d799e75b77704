// SPDX-License-Identifier: MIT
// 64-bit MIPS system calls, for the n64 ABI and for n32, which runs the same
// 64-bit registers with 32-bit long and pointers. Source: the kernel's
// syscall(2) man page tables for mips/n32,64, the kernel's
// arch/mips/kernel/scall64-n64.S and scall64-n32.S, and
// arch/mips/kernel/syscalls/syscall_n32.tbl.
//   instruction  syscall
//   number       v0 ($2), loaded by the instruction right before syscall:
//                old kernels restarted an interrupted call by running
//                that instruction again. <asm/unistd.h> picks the table
//                from _MIPS_SIM: n64 numbers start at 5000, n32 at 6000
//   arguments    a0-a5 ($4-$9); both ABIs pass all six in registers. On
//                n32 a 64-bit argument (the offset of mmap) fills one
//                register, as on n64, not a pair as on o32.
//                NOTE: qemu-user 7.2 cuts that offset to 32 bits on n32
//                (glibc's mmap meets the same), so offsets of 4 GiB and
//                more are right on a kernel but untested under qemu
//   return       v0. When a3 ($7) != 0, v0 is a positive errno, and
//                these functions return it negated
//   clobbers     $1, v1 ($3), $8-$15, t8, t9 ($24, $25), hi, lo
//   stack        16-byte aligned, no red zone
//   thread ptr   UserLocal hardware register 29, set with set_thread_area
#pragma once

#include <asm/signal.h>
#include <asm/unistd.h>

#include "arch_abi.hpp"

#if _MIPS_SIM != _ABI64 && _MIPS_SIM != _ABIN32
#error "arch/mips64 is the n64 and n32 ABIs; o32 lives in arch/mips"
#endif

static_assert(weft::arch::signal_count == _NSIG,
              "arch_abi.hpp's signal_count must match <asm/signal.h>");

namespace weft::arch {

// A whole general register: 64 bits in both ABIs, where n32's long has 32.
// The arguments have this type so that a 64-bit value reaches the kernel
// in one piece on n32 too. A long argument is sign-extended into it, which
// is the form n32 keeps 32-bit values in.
using RegisterWord = long long;

namespace detail {

// Turns the kernel's (v0, a3) pair into the kernel value or -errno. Only a
// positive v0 is negated: a failure already in -errno form stays as it is.
// On n32 the value is cut to long, which fits every result weft requests
// (tids, byte counts, addresses below 2 GiB).
inline long kernel_result(RegisterWord value, RegisterWord error_flag) {
  return static_cast<long>(error_flag != 0 && value > 0 ? -value : value);
}

} // namespace detail

// v0 is an early-clobber output, so the number comes from another register
// that the syscall keeps: a restarted call that runs the move again reloads
// it. All six argument registers are outputs too ("+r"): a3 carries the
// error flag back, and $8 and $9 are among the registers the kernel may
// change.
inline long syscall6(long number, RegisterWord a1, RegisterWord a2,
                     RegisterWord a3, RegisterWord a4, RegisterWord a5,
                     RegisterWord a6) {
  register RegisterWord v0 asm("$2");
  register RegisterWord r4 asm("$4") = a1;
  register RegisterWord r5 asm("$5") = a2;
  register RegisterWord r6 asm("$6") = a3;
  register RegisterWord r7 asm("$7") = a4;
  register RegisterWord r8 asm("$8") = a5;
  register RegisterWord r9 asm("$9") = a6;
  asm volatile("move $2, %[number]\n\t"
               "syscall"
               : "=&r"(v0), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8),
                 "+r"(r9)
               : [number] "r"(number)
               : "$1", "$3", "$10", "$11", "$12", "$13", "$14", "$15", "$24",
                 "$25", "hi", "lo", "memory");
  return detail::kernel_result(v0, r7);
}

using SyscallWord = RegisterWord;
#include "syscall_from_six.hpp"

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
