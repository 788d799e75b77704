// SPDX-License-Identifier: MIT
// The interface every architecture provides. arch/meson.build puts exactly
// one arch/<cpu> folder on the include path, chosen from the target CPU, and
// each such folder defines the same names:
//
//   arch_abi.hpp      weft::arch::tls_abi, weft::arch::stack_alignment
//   arch_syscall.hpp  weft::arch::syscall0 .. syscall6, which return the
//                     kernel's value, or -errno on failure on every target;
//                     weft::arch::thread_pointer, set_thread_pointer
//   start.S           _start
//   thread.S          weft_clone, weft_unmap_and_exit (declared below)
#pragma once

#include <cstddef>

#include "arch_abi.hpp"
#include "arch_syscall.hpp"

extern "C" {

// Calls clone with the thread-creation arguments in the kernel's order for
// this architecture. The child starts on child_stack (aligned down to the
// ABI's alignment), calls entry(argument) with a zeroed frame pointer and
// return address, and exits with status 0 if entry returns. The parent gets
// the child's tid, or -errno.
long weft_clone(unsigned long flags, void* child_stack, int* parent_tid,
                void* thread_pointer, int* child_tid, void (*entry)(void*),
                void* argument);

// Ends the calling thread after releasing its own stack: clears the kernel's
// clear-child-tid address, unmaps [base, base + size) and calls exit. After
// munmap no instruction touches memory, so the stack may be inside the range.
[[noreturn]] void weft_unmap_and_exit(void* base, std::size_t size);
}
