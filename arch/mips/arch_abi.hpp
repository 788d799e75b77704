// SPDX-License-Identifier: MIT
// 32-bit MIPS (o32) ABI constants. Sources: "System V Application Binary
// Interface, MIPS RISC Processor Supplement", 3rd edition, for the o32
// stack frame, checked against GCC 12's generated frames. The MIPS TLS ABI
// as GCC and binutils implement it, which puts the thread pointer 0x7000
// bytes past the start of the TLS block.
// The values are literals, not sizeof or UAPI macros, because the hosted
// unit tests compile this file on the build machine too.
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant I with no ABI TCB: the thread pointer (the UserLocal
// register, set with set_thread_area) is 0x7000 bytes past the start of the
// TLS block. The 4 bytes below the block are weft's runtime word, where it
// caches the tid. The stack protector's guard is the global
// __stack_chk_guard.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::one,
    .tcb_size = 0,
    .tp_bias = 0x7000,
    .reserved_below = 4,
    .stack_guard_offset = -1,
    .runtime_word_offset = -0x7000 - 4,
};

// o32 keeps sp 8-byte aligned, and each caller reserves a 16-byte argument
// save area at sp for its callee. start.S and thread.S align to 16, which
// satisfies this too.
inline constexpr std::size_t stack_alignment = 8;

// Bits in the kernel's signal set: _NSIG in the MIPS <asm/signal.h> is 128,
// twice the 64 of most other targets.
inline constexpr std::size_t signal_count = 128;

} // namespace weft::arch
