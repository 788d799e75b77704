// SPDX-License-Identifier: MIT
// 32-bit PowerPC ABI constants. Sources:
// - The 32-bit PowerPC SVR4 ELF ABI ("System V Application Binary
//   Interface, PowerPC Processor Supplement") for the stack frame, checked
//   against the frames that powerpc-linux-gnu-gcc 12 builds: a callee
//   saves its return address at 4(r1) of its caller's frame.
// - The TLS layout that GCC 12 and binutils 2.40 produce for powerpc: in a
//   linked program the first TLS byte is at r2 - 0x7000.
// - GCC's stack-protector slot r2 - 0x7008 (TARGET_THREAD_SSP_OFFSET on
//   32-bit Linux, checked with powerpc-linux-gnu-gcc 12
//   -fstack-protector-all).
// The values are literals, not sizeof, because the hosted unit tests
// compile this file on the 64-bit build machine too.
#pragma once

#include "tls_abi.hpp"

namespace weft::arch {

// TLS variant I without a gap: r2 points 0x7000 bytes past the start of the
// TLS block, so that signed 16-bit offsets from r2 reach its first 60 KiB.
// The TCB lies just below the block. GCC reads the stack guard at
// r2 - 0x7008, and weft keeps the tid in the word above it, r2 - 0x7004.
//
// NOTE: GCC's __builtin_cpu_supports and __builtin_cpu_is load words that
// they expect a glibc TCB to hold, at r2 - 0x7034 and r2 - 0x7040, and
// they reference glibc's __parse_hwcap_and_convert_at_platform, which a
// program must define itself to link. weft reserves 0x40 bytes below the
// block so that those loads stay inside the area, but it leaves the words
// zero: the builtins report no features.
inline constexpr TlsAbi tls_abi = {
    .variant = TlsVariant::one,
    .tcb_size = 0,
    .tp_bias = 0x7000,
    .reserved_below = 0x40,
    .stack_guard_offset = -0x7008,
    .runtime_word_offset = -0x7004,
};

#if defined(__powerpc__)
static_assert(sizeof(void*) == 4, "arch/ppc is the 32-bit PowerPC ABI");
#endif

// Returns whether the 4-byte word at offset from r2 lies in the
// reserved_below bytes under the TLS block.
constexpr bool is_reserved_word(long offset) {
  long block_start = -static_cast<long>(tls_abi.tp_bias);
  long reserved_start = block_start - static_cast<long>(tls_abi.reserved_below);
  return offset >= reserved_start && offset + 4 <= block_start;
}

static_assert(is_reserved_word(tls_abi.stack_guard_offset));
static_assert(is_reserved_word(tls_abi.runtime_word_offset));

// r1 is 16-byte aligned at every call, and every frame starts with a back
// chain word and the word where its callee saves the return address.
inline constexpr std::size_t stack_alignment = 16;

// Bits in the kernel's signal set (_NSIG in the powerpc asm/signal.h), as
// rt_sigprocmask expects it.
inline constexpr std::size_t signal_count = 64;

} // namespace weft::arch
