// SPDX-License-Identifier: MIT
// 64-bit MIPS ABI constants, the same for n64 and for n32 (32-bit long and
// pointers in 64-bit registers). Sources: SGI's n64 and n32 calling
// conventions as GCC 12 implements them, whose generated frames keep
// 16-byte alignment in both.
// The MIPS TLS ABI as GCC and binutils implement it, which puts the thread
// pointer 0x7000 bytes past the start of the TLS block.
// The values are literals, not sizeof or UAPI macros, because the hosted
// unit tests compile this file on the build machine too.
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant I with no ABI TCB: the thread pointer (the UserLocal
// register, set with set_thread_area) is 0x7000 bytes past the start of the
// TLS block. The 8 bytes below the block contain weft's runtime word, where
// it caches the tid. n32 needs only 4 of them but keeps the n64 layout, so
// one set of constants serves both. The stack protector's guard is the
// global __stack_chk_guard.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::one,
    .tcb_size = 0,
    .tp_bias = 0x7000,
    .reserved_below = 8,
    .stack_guard_offset = -1,
    .runtime_word_offset = -0x7000 - 8,
};

// n64 and n32 keep sp 16-byte aligned. Unlike o32, callers reserve no
// argument save area.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set: _NSIG in the MIPS <asm/signal.h> is 128,
// twice the 64 of most other targets.
inline constexpr std::size_t signal_count = 128;

} // namespace weft::arch
