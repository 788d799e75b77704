// SPDX-License-Identifier: MIT
// 32-bit Arm (EABI, hard float) ABI constants. Source: Arm "Procedure Call
// Standard for the Arm Architecture" (AAPCS32), stack constraints, and "ELF
// for the Arm Architecture" (AAELF32), thread-local storage.
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant I: TPIDRURO points at an 8-byte TCB of two words, a dynamic
// thread vector pointer that a static program does not use and a word
// reserved for the runtime, where weft keeps the tid. The TLS block follows,
// aligned up. GCC keeps the stack protector's guard in a global on Arm.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::one,
    .tcb_size = 8,
    .tp_bias = 0,
    .reserved_below = 0,
    .stack_guard_offset = -1,
    .runtime_word_offset = 4,
};

// AAPCS32 requires 8-byte alignment at every public call. weft aligns new
// stacks to 16, as on the 64-bit targets, which also meets it.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set (its _NSIG), as rt_sigprocmask expects
// it. Arm's UAPI <asm/signal.h> exports only NSIG, which is the old 32.
inline constexpr std::size_t signal_count = 64;

} // namespace weft::arch
