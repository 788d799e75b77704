// SPDX-License-Identifier: MIT
// Motorola 68000 family (m68k, 68020 and later) ABI constants. Sources: the
// "System V Application Binary Interface, Motorola 68000 Processor Family
// Supplement" for the stack, checked against GCC 12's alignments, and the
// m68k TLS ABI as GCC 12 and binutils 2.40 implement it: GCC calls
// __m68k_read_tp for the thread pointer, and the linker resolves local-exec
// offsets as the variable's offset in the TLS segment less 0x7000. The
// kernel keeps the thread pointer, because the ABI reserves no register for
// it: set_thread_area stores it and get_thread_area returns it.
// The values are literals, not sizeof or UAPI macros, because the hosted
// unit tests compile this file on the build machine too.
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant I with no ABI TCB: the thread pointer is 0x7000 bytes past the
// start of the TLS block. The 4 bytes below the block are weft's runtime
// word, where it caches the tid. GCC keeps the stack protector's guard in
// the global __stack_chk_guard on m68k.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::one,
    .tcb_size = 0,
    .tp_bias = 0x7000,
    .reserved_below = 4,
    .stack_guard_offset = -1,
    .runtime_word_offset = -0x7000 - 4,
};

// The psABI requires only 2-byte stack alignment (alignof of every scalar is
// 2 there). start.S and thread.S align new stacks to 16 regardless, as on the
// other targets.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set (its _NSIG), as rt_sigprocmask expects
// it. m68k's UAPI <asm/signal.h> exports only NSIG, which is the old 32.
inline constexpr std::size_t signal_count = 64;

} // namespace weft::arch
