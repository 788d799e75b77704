// SPDX-License-Identifier: MIT
// Each architecture's ABI constants under a name of its own. Every
// arch/<cpu>/arch_abi.hpp defines weft::arch::tls_abi, so one translation
// unit can include only one of them; arch_abi_export.cpp is compiled once
// per architecture and copies that architecture's constants into one of the
// objects declared here, so that one hosted test binary can read all of
// them.
#pragma once

#include <cstddef>

#include "tls_abi.hpp"

namespace weft::test {

struct ArchAbiConstants {
  TlsAbi tls_abi;
  std::size_t stack_alignment;
  std::size_t signal_count;
};

extern const ArchAbiConstants x86_64_abi;
extern const ArchAbiConstants aarch64_abi;

// Every ported architecture's constants, for checks that apply to all of
// them. Each export object adds itself to this list when the test program
// starts, so a new arch/<cpu> folder joins the tests without a change here.
struct NamedAbi {
  const char* name;
  const ArchAbiConstants* constants;
  const NamedAbi* next;
};

// The first entry of the list, or nullptr before any export registered.
const NamedAbi* registered_abis();

// Adds entry to the front of the list; called by each export object.
void register_abi(NamedAbi* entry);

} // namespace weft::test
