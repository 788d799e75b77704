// SPDX-License-Identifier: MIT
// x86_64 ABI constants. Source: System V AMD64 psABI 1.0, section 3.4 (stack)
// and the TLS chapter; the stack-protector slot is GCC's %fs:0x28.
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant II: the word at %fs:0 contains the thread pointer itself. The TCB
// keeps six words so that the stack guard lands at %fs:0x28; %fs:0x8 would
// hold a dynamic thread vector, and weft uses %fs:0x10.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::two,
    .tcb_size = 6 * sizeof(void*),
    .tp_bias = 0,
    .reserved_below = 0,
    .stack_guard_offset = 0x28,
    .runtime_word_offset = 0x10,
};

// The stack pointer is 16-byte aligned at every call instruction.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set (its _NSIG, which x86's UAPI headers do not
// export), as rt_sigprocmask expects it.
inline constexpr std::size_t signal_count = 64;

} // namespace weft::arch
