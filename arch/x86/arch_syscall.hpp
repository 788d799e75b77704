// SPDX-License-Identifier: MIT
// i386 system calls. Source: syscall(2), the i386 rows of its calling
// convention tables, and set_thread_area(2).
//   instruction  int $0x80; weft does not use the vDSO's __kernel_vsyscall
//   number       eax
//   arguments    ebx, ecx, edx, esi, edi, ebp
//   return       eax, -4095..-1 means -errno
//   clobbers     memory only; the kernel preserves every other register
//   thread ptr   the base of the %gs segment: a GDT TLS entry that
//                set_thread_area fills in from a struct user_desc
#pragma once

#include <asm/ldt.h>
#include <asm/unistd.h>

#include "tls_descriptor.h"

namespace weft::arch {

// ebx can be GCC's PIC register and ebp its frame pointer, and then neither
// may be an asm operand. So the number, argument 1 (ebx) and argument 6
// (ebp) travel in memory, addressed through eax, and the asm saves and
// restores ebx and ebp around the trap itself.
inline long syscall6(long number, long a1, long a2, long a3, long a4, long a5,
                     long a6) {
  long in_memory[3] = {number, a1, a6};
  long ret;
  asm volatile("push %%ebp\n\t"
               "push %%ebx\n\t"
               "mov 8(%%eax), %%ebp\n\t" // argument 6
               "mov 4(%%eax), %%ebx\n\t" // argument 1
               "mov 0(%%eax), %%eax\n\t" // the number, replacing the address
               "int $0x80\n\t"
               "pop %%ebx\n\t"
               "pop %%ebp"
               : "=a"(ret)
               : "a"(in_memory), "m"(in_memory), "c"(a2), "d"(a3), "S"(a4),
                 "D"(a5)
               : "memory");
  return ret;
}

using SyscallWord = long;
#include "syscall_from_six.hpp"

// A struct user_desc written as its four 32-bit words, the way thread.S
// builds one for each new thread.
struct TlsDescriptor {
  unsigned entry_number;
  unsigned base_addr;
  unsigned limit;
  unsigned flags;
};

static_assert(sizeof(TlsDescriptor) == sizeof(user_desc));

// The flag word must set exactly the bitfields that tls_descriptor.h names.
inline constexpr user_desc decoded_descriptor =
    __builtin_bit_cast(user_desc, TlsDescriptor{0, 0, WEFT_TLS_DESCRIPTOR_LIMIT,
                                                WEFT_TLS_DESCRIPTOR_FLAGS});
static_assert(decoded_descriptor.seg_32bit == 1);
static_assert(decoded_descriptor.contents == MODIFY_LDT_CONTENTS_DATA);
static_assert(decoded_descriptor.read_exec_only == 0);
static_assert(decoded_descriptor.limit_in_pages == 1);
static_assert(decoded_descriptor.seg_not_present == 0);
static_assert(decoded_descriptor.useable == 1);

// The GDT entry that the kernel chose for TLS at the first
// set_thread_pointer, or -1 (any free entry) before it. Later calls reuse
// it. Every thread's %gs contains the same selector, which is how weft_clone
// finds the entry for a new thread.
inline int tls_gdt_entry = -1;

// Reads the self pointer that variant II keeps at %gs:0.
inline void* thread_pointer() {
  void* pointer;
  asm volatile("mov %%gs:0, %0" : "=r"(pointer));
  return pointer;
}

// Points a GDT TLS entry at pointer and loads its selector into %gs.
// Returns 0 or -errno.
inline long set_thread_pointer(void* pointer) {
  TlsDescriptor descriptor = {
      .entry_number = static_cast<unsigned>(tls_gdt_entry),
      .base_addr = reinterpret_cast<unsigned>(pointer),
      .limit = WEFT_TLS_DESCRIPTOR_LIMIT,
      .flags = WEFT_TLS_DESCRIPTOR_FLAGS,
  };
  long status =
      syscall1(__NR_set_thread_area, reinterpret_cast<long>(&descriptor));
  if (status != 0)
    return status;

  // The kernel wrote the entry it chose back into entry_number.
  tls_gdt_entry = static_cast<int>(descriptor.entry_number);
  unsigned selector =
      descriptor.entry_number << WEFT_GDT_SELECTOR_SHIFT | WEFT_USER_PRIVILEGE;
  asm volatile("mov %0, %%gs" : : "r"(selector) : "memory");
  return 0;
}

} // namespace weft::arch
