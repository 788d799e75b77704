// SPDX-License-Identifier: MIT
// The stack protector's failure hook for position-independent 32-bit
// PowerPC code. GCC 12 compiles such code (the default of Debian's
// powerpc-linux-gnu-gcc, which builds PIE) to call the hidden
// __stack_chk_fail_local, because a call to a hidden symbol needs no PLT
// entry and no GOT pointer in r30. A C library normally supplies it, and a
// weft program has none.

extern "C" [[noreturn]] void __stack_chk_fail();

extern "C" [[noreturn]] __attribute__((visibility("hidden"))) void
__stack_chk_fail_local() {
  __stack_chk_fail();
}
