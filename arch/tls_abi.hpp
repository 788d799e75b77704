// SPDX-License-Identifier: MIT
// The properties of an architecture's TLS ABI that generic code reads. Each
// arch/<cpu>/arch_abi.hpp defines one TlsAbi value named weft::arch::tls_abi.
//
// Variant I (aarch64, arm, riscv, ppc, mips, m68k, loongarch): the static TLS
// block lies above the thread pointer, after an ABI gap of tcb_size bytes.
// Some ABIs bias the thread pointer: it points tp_bias bytes past the start
// of the gap (0x7000 on ppc, mips and m68k). ABIs without a gap keep their
// TCB words below it, in reserved_below bytes.
//
//   | reserved_below | gap (TCB) | pad | TLS block .tdata .tbss |
//                    ^ thread pointer - tp_bias
//
// Variant II (x86, s390x, sparc): the block ends at the thread pointer and
// the thread pointer addresses a TCB whose first word points to itself.
//
//   | pad | TLS block .tdata .tbss | TCB: self pointer, ... |
//                                  ^ thread pointer
//
// Source: Ulrich Drepper, "ELF Handling For Thread-Local Storage", section 3.4,
// and each architecture's psABI named in its arch_abi.hpp.
#pragma once

#include <cstddef>

namespace weft {

enum class TlsVariant { one, two };

struct TlsAbi {
  TlsVariant variant;
  // Variant I: bytes reserved between the thread pointer (less tp_bias) and
  // the TLS block. Variant II: size of the TCB at the thread pointer.
  std::size_t tcb_size;
  // Distance from the start of the variant I gap to the thread pointer.
  std::size_t tp_bias;
  // Variant I: bytes below the gap that belong to the thread's TCB, for the
  // words (stack guard, runtime word) of ABIs that have no gap.
  std::size_t reserved_below;
  // Offset from the thread pointer of the word that holds the stack
  // protector's guard value, or -1 when the ABI keeps it in a global.
  long stack_guard_offset;
  // Offset from the thread pointer of a TCB word that the ABI leaves to the
  // runtime. weft caches the thread's tid there, so that it needs no PT_TLS
  // of its own and a program without thread_local variables has none.
  long runtime_word_offset;
};

} // namespace weft
