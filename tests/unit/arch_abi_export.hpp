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
extern const ArchAbiConstants arm_abi;
extern const ArchAbiConstants mips_abi;
extern const ArchAbiConstants mips64_abi;
extern const ArchAbiConstants ppc64_abi;
extern const ArchAbiConstants riscv64_abi;
extern const ArchAbiConstants s390x_abi;
extern const ArchAbiConstants x86_abi;

// Every ported architecture, for checks that apply to all of them.
struct NamedAbi {
  const char* name;
  const ArchAbiConstants* constants;
};

inline constexpr NamedAbi all_abis[] = {
    {"aarch64", &aarch64_abi}, {"arm", &arm_abi},     {"mips", &mips_abi},
    {"mips64", &mips64_abi},   {"ppc64", &ppc64_abi}, {"riscv64", &riscv64_abi},
    {"s390x", &s390x_abi},     {"x86", &x86_abi},     {"x86_64", &x86_64_abi},
};

} // namespace weft::test
