// SPDX-License-Identifier: MIT
// loongarch64 ABI constants. Source: Loongson's "LoongArch ELF psABI"
// (LP64D), its procedure calling convention (the stack pointer is 16-byte
// aligned on procedure entry) and its TLS rules ($tp, register r2, points
// at the start of the static TLS block, as on riscv).
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant I without a gap, as on riscv: $tp points at the first byte of
// the TLS block, so the linker's tp-relative offsets start at 0. A runtime
// keeps its TCB below $tp, and weft's TCB is one word there: the runtime
// word with the tid. clang 19's stack protector reads its guard from the
// global __stack_chk_guard on LoongArch, so the guard needs no TCB slot.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::one,
    .tcb_size = 0,
    .tp_bias = 0,
    .reserved_below = 8,
    .stack_guard_offset = -1,
    .runtime_word_offset = -8,
};

// $sp is 16-byte aligned on entry to every procedure.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set (_NSIG in asm-generic/signal.h, which
// LoongArch uses unchanged), as rt_sigprocmask expects it.
inline constexpr std::size_t signal_count = 64;

} // namespace weft::arch
