// SPDX-License-Identifier: MIT
// The stack protector's failure hook for position-independent i386 code.
// There, GCC 12's -fstack-protector calls the hidden __stack_chk_fail_local
// instead of __stack_chk_fail, because a call to a hidden symbol needs no
// PLT entry and no GOT pointer in ebx. A C library normally supplies it, and a
// weft program has none.

extern "C" [[noreturn]] void __stack_chk_fail();

extern "C" [[noreturn]] __attribute__((visibility("hidden"))) void
__stack_chk_fail_local() {
  __stack_chk_fail();
}
