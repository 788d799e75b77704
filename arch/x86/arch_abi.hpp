// SPDX-License-Identifier: MIT
// i386 ABI constants. Source: System V ABI, Intel386 Architecture Processor
// Supplement, version 1.1, section 2.2.2 (stack frame), Drepper's "ELF
// Handling For Thread-Local Storage" (IA-32 is variant II), and GCC's
// stack-protector slot %gs:0x14 (TARGET_THREAD_SSP_OFFSET for 32-bit x86,
// checked with i686-linux-gnu-gcc 12 -fstack-protector-all).
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant II: the word at %gs:0 contains the thread pointer itself. The
// TCB has six 4-byte words, so the stack guard at %gs:0x14 lies inside it.
// %gs:0x4 would point to a dynamic thread vector, and weft caches the tid
// at %gs:0x8, the third word, as it does on x86_64.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::two,
    .tcb_size = 6 * 4,
    .tp_bias = 0,
    .reserved_below = 0,
    .stack_guard_offset = 0x14,
    .runtime_word_offset = 0x8,
};

// Literal sizes rather than sizeof(void*), so that the hosted unit tests
// can read these constants on a 64-bit build machine.
static_assert(tls_abi.stack_guard_offset + 4 <= tls_abi.tcb_size);
static_assert(tls_abi.runtime_word_offset + 4 <= tls_abi.tcb_size);
#if defined(__i386__)
static_assert(sizeof(void*) == 4, "arch/x86 is the 32-bit x86 ABI");
#endif

// The stack pointer is 16-byte aligned at every call instruction, which
// GCC's default -mpreferred-stack-boundary=4 assumes on Linux.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set (its _NSIG, which x86's UAPI headers do not
// export), as rt_sigprocmask expects it.
inline constexpr std::size_t signal_count = 64;

} // namespace weft::arch
