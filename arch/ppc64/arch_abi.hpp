// SPDX-License-Identifier: MIT
// 64-bit PowerPC ABI constants, the same for ELFv2 (powerpc64le) and
// ELFv1 (powerpc64), whose differences (function descriptors, a 112-byte
// minimum frame) lie in the assembly files. Sources:
// - "64-Bit ELF V2 ABI Specification, Power Architecture" (OpenPOWER),
//   section "The Stack Frame", and "64-bit PowerPC ELF Application Binary
//   Interface Supplement 1.9" (ELFv1), section "The Stack Frame".
// - The TLS layout that GCC 12 and binutils 2.40 produce for both: in a
//   linked program the first TLS byte is at r13 - 0x7000.
// - GCC's stack-protector slot r13 - 0x7010 (TARGET_THREAD_SSP_OFFSET on
//   64-bit Linux, checked with powerpc64le-linux-gnu-gcc 12 and
//   powerpc64-linux-gnu-gcc 12 -fstack-protector-all).
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant I without a gap: r13 points 0x7000 bytes past the start of
// the TLS block, so that signed 16-bit offsets from r13 reach its first
// 60 KiB. The TCB lies just below the block. GCC reads the stack guard at
// r13 - 0x7010, and weft keeps the tid in the word above it, r13 - 0x7008.
//
// NOTE: GCC's __builtin_cpu_supports and __builtin_cpu_is load words that
// they expect a glibc TCB to hold, at r13 - 0x7064 and r13 - 0x705c. weft
// reserves 0x70 bytes below the block so that those loads stay inside the
// area, but it leaves the words zero: the builtins report no features.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::one,
    .tcb_size = 0,
    .tp_bias = 0x7000,
    .reserved_below = 0x70,
    .stack_guard_offset = -0x7010,
    .runtime_word_offset = -0x7008,
};

#if defined(__powerpc__)
static_assert(sizeof(void*) == 8, "arch/ppc64 is the 64-bit PowerPC ABI");
#endif

// Returns whether the 8-byte word at offset from r13 lies in the
// reserved_below bytes under the TLS block.
constexpr bool is_reserved_word(long offset) {
  long block_start = -static_cast<long>(tls_abi.tp_bias);
  long reserved_start = block_start - static_cast<long>(tls_abi.reserved_below);
  return offset >= reserved_start && offset + 8 <= block_start;
}

static_assert(is_reserved_word(tls_abi.stack_guard_offset));
static_assert(is_reserved_word(tls_abi.runtime_word_offset));

// r1 is 16-byte aligned at every call, and every frame starts with a back
// chain word.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set (_NSIG in the powerpc asm/signal.h), as
// rt_sigprocmask expects it.
inline constexpr std::size_t signal_count = 64;

} // namespace weft::arch
