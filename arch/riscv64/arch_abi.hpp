// SPDX-License-Identifier: MIT
// riscv64 ABI constants. Source: "RISC-V ELF psABI", chapters "Procedure
// Calling Convention" (the stack pointer is aligned to 128 bits on procedure
// entry) and "Thread Local Storage" (tp holds the address one past the end of
// the TCB, where the static TLS block starts).
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant I without a gap: tp points at the first byte of the TLS block,
// so the linker's tp-relative offsets start at 0. A runtime keeps its TCB
// below tp, and weft's TCB is one word there: the runtime word with the tid.
// GCC reads the stack protector's guard from the global __stack_chk_guard
// (-mstack-protector-guard=global is its riscv default), so the guard needs
// no TCB slot.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::one,
    .tcb_size = 0,
    .tp_bias = 0,
    .reserved_below = 8,
    .stack_guard_offset = -1,
    .runtime_word_offset = -8,
};

// sp is 16-byte aligned on entry to every procedure.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set (_NSIG in asm-generic/signal.h), as
// rt_sigprocmask expects it.
inline constexpr std::size_t signal_count = 64;

} // namespace weft::arch
