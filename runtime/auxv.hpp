// SPDX-License-Identifier: MIT
// The auxiliary vector the kernel places after envp: (type, value) pairs of
// unsigned longs ending with AT_NULL.
#pragma once

#include <cstddef>
#include <cstdint>

namespace weft {

// The entries weft uses. Page size is never assumed: it comes from here.
struct AuxValues {
  std::size_t page_size = 0;             // AT_PAGESZ
  const void* program_headers = nullptr; // AT_PHDR
  std::size_t program_header_count = 0;  // AT_PHNUM
  const void* random_bytes = nullptr;    // AT_RANDOM: 16 bytes from the kernel
  unsigned long hwcap = 0;               // AT_HWCAP
  unsigned long hwcap2 = 0;              // AT_HWCAP2
};

AuxValues parse_auxv(const unsigned long* auxv);

// Returns the value of the first entry of type, or 0 with *found false.
unsigned long find_auxv(const unsigned long* auxv, unsigned long type,
                        bool* found);

// Returns a pointer to the auxiliary vector that follows envp, whose end is
// the first null entry.
const unsigned long* auxv_after(char** envp);

} // namespace weft
