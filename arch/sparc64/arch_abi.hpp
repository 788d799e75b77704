// SPDX-License-Identifier: MIT
// 64-bit SPARC (SPARC V9) ABI constants. Sources: the Solaris "64-bit
// Developer's Guide" (the stack bias of 2047) and the Oracle "SPARC
// Assembly Language Reference Manual", section 6.4.2 (the 176-byte minimum
// frame). Checked against the code GCC 12 generates: its frames are
// multiples of 16 bytes, its TLS accesses address the block at negative
// offsets from %g7, and -fstack-protector loads the guard from
// [%g7 + 0x28].
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant II: %g7 contains the thread pointer, and the word it addresses
// contains the thread pointer itself. The TCB keeps six 8-byte words so that
// the stack guard lands at %g7 + 0x28. weft keeps the tid at %g7 + 0x10, a
// word that compiled code does not read.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::two,
    .tcb_size = 6 * 8,
    .tp_bias = 0,
    .reserved_below = 0,
    .stack_guard_offset = 0x28,
    .runtime_word_offset = 0x10,
};

#if defined(__sparc__)
static_assert(sizeof(void*) == 8, "arch/sparc64 is the 64-bit SPARC ABI");
#endif

// The unbiased stack pointer (%sp + 2047) is 16-byte aligned at every call.
// The bias and the 176-byte minimum frame concern only the assembly files.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set (_NSIG in the sparc asm/signal.h), as
// rt_sigprocmask expects it.
inline constexpr std::size_t signal_count = 64;

} // namespace weft::arch
