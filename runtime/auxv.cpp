// SPDX-License-Identifier: MIT
#include "auxv.hpp"

#include <linux/auxvec.h>

namespace weft {

unsigned long find_auxv(const unsigned long* auxv, unsigned long type,
                        bool* found) {
  for (; auxv[0] != AT_NULL; auxv += 2) {
    if (auxv[0] == type) {
      *found = true;
      return auxv[1];
    }
  }
  *found = false;
  return 0;
}

AuxValues parse_auxv(const unsigned long* auxv) {
  AuxValues values;
  for (; auxv[0] != AT_NULL; auxv += 2) {
    unsigned long value = auxv[1];
    switch (auxv[0]) {
    case AT_PAGESZ:
      values.page_size = value;
      break;
    case AT_PHDR:
      values.program_headers = reinterpret_cast<const void*>(value);
      break;
    case AT_PHNUM:
      values.program_header_count = value;
      break;
    case AT_RANDOM:
      values.random_bytes = reinterpret_cast<const void*>(value);
      break;
    case AT_HWCAP:
      values.hwcap = value;
      break;
    case AT_HWCAP2:
      values.hwcap2 = value;
      break;
    default:
      break;
    }
  }
  return values;
}

const unsigned long* auxv_after(char** envp) {
  while (*envp != nullptr)
    envp++;
  return reinterpret_cast<const unsigned long*>(envp + 1);
}

} // namespace weft
