// SPDX-License-Identifier: MIT
// aarch64 ABI constants. Source: Arm "Procedure Call Standard for the Arm
// 64-bit Architecture" (AAPCS64), section 6.4.5.1 (stack alignment), and
// "ELF for the Arm 64-bit Architecture" (AAELF64), TLS section.
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant I: tpidr_el0 points at a 16-byte TCB, a dynamic thread vector
// pointer that a static program does not use and a word reserved for the
// runtime, where weft keeps the tid. The TLS block follows, aligned up.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::one,
    .tcb_size = 16,
    .tp_bias = 0,
    .reserved_below = 0,
    .stack_guard_offset = -1,
    .runtime_word_offset = 8,
};

// sp must be 16-byte aligned whenever it is used to access memory.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set (its _NSIG, which x86's UAPI headers do not
// export), as rt_sigprocmask expects it.
inline constexpr std::size_t signal_count = 64;

} // namespace weft::arch
