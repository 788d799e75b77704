// SPDX-License-Identifier: MIT
// s390x ABI constants. Source: "ELF Application Binary Interface s390x
// Supplement" (the s390x psABI), section 1.2 (registers, stack frame), checked
// against the code GCC 12 generates: its TLS accesses read the thread pointer
// from a0:a1, and -fstack-protector loads the guard from 40 bytes past it.
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant II: access registers a0:a1 contain the thread pointer, and the
// word it addresses contains the thread pointer itself. The TCB keeps six
// words so that the stack guard lands at TP+0x28. weft keeps the tid at
// TP+0x10, a word that compiled code does not read.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::two,
    .tcb_size = 6 * sizeof(void*),
    .tp_bias = 0,
    .reserved_below = 0,
    .stack_guard_offset = 0x28,
    .runtime_word_offset = 0x10,
};

// The ABI requires an 8-byte aligned stack pointer. weft aligns thread
// stacks to 16, as the other 64-bit ports do, which also meets that.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set, as rt_sigprocmask expects it: it rejects
// any size but 8 bytes here. The UAPI headers do not export the kernel's
// _NSIG.
inline constexpr std::size_t signal_count = 64;

} // namespace weft::arch

// The kernel's mmap (number 90) takes a single argument: a pointer to its six
// arguments, stored as unsigned longs, with the offset in bytes. There is
// no mmap2 on s390x. syscalls.hpp tests this flag. It is a macro so that
// ABIs that pass mmap's arguments in registers need not define it.
#define WEFT_MMAP_TAKES_ARGUMENT_BLOCK 1
