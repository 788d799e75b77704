// SPDX-License-Identifier: MIT
// Copies one architecture's constants into the object WEFT_EXPORT_NAME names
// (see arch_abi_export.hpp). The build compiles this file once per
// architecture, with arch/ and arch/<cpu> as include directories and, for
// example, -DWEFT_EXPORT_NAME=x86_64_abi.
#include "arch_abi_export.hpp"

#include "arch_abi.hpp"

#ifndef WEFT_EXPORT_NAME
#error "define WEFT_EXPORT_NAME as the object to define, such as x86_64_abi"
#endif

namespace weft::test {

constinit const ArchAbiConstants WEFT_EXPORT_NAME = {
    .tls_abi = arch::tls_abi,
    .stack_alignment = arch::stack_alignment,
    .signal_count = arch::signal_count,
};

namespace {

#define WEFT_STRING(name) #name
#define WEFT_NAME_OF(name) WEFT_STRING(name)

NamedAbi entry = {WEFT_NAME_OF(WEFT_CPU), &WEFT_EXPORT_NAME, nullptr};

struct Registration {
  Registration() { register_abi(&entry); }
} registration;

} // namespace

} // namespace weft::test
