// SPDX-License-Identifier: MIT
// The list of exported architecture constants (see arch_abi_export.hpp).
#include "arch_abi_export.hpp"

namespace weft::test {

namespace {

// Constant-initialised, so it is valid before any registration runs.
const NamedAbi* first_abi = nullptr;

} // namespace

const NamedAbi* registered_abis() { return first_abi; }

void register_abi(NamedAbi* entry) {
  entry->next = first_abi;
  first_abi = entry;
}

} // namespace weft::test
