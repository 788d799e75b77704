// SPDX-License-Identifier: MIT
// 32-bit Arm (EABI) process entry, and two process-level helpers that Arm
// code calls by the Arm ABI's names: __aeabi_atexit (C++ ABI for the Arm
// Architecture) and the division-by-zero handlers (run-time ABI). Source:
// AAPCS32 and the kernel's ELF loader (create_elf_tables): at entry sp
// points at argc, followed by the argv pointers, a null, the envp pointers,
// a null and the auxiliary vector.
//   syscall      svc #0, number in r7, arguments r0-r5, result in r0
//   hands over   r0 = the initial sp
//   alignment    sp is aligned down to 16 (AAPCS32 requires 8 at calls)
//   state        Thumb or Arm, whichever the compiler generates
#include <asm/unistd.h>

	.syntax unified
#ifdef __thumb__
	.thumb
#else
	.arm
#endif
	.cfi_sections .debug_frame
	.text

	.global _start
	.type _start, %function
_start:
	.cfi_startproc
	.cfi_undefined lr
	mov r7, #0		// outermost frame: the Thumb frame pointer,
	mov fp, #0		// the Arm one
	mov lr, #0
	mov r0, sp		// argument: the initial stack pointer
	bic r1, r0, #15		// aligned down to 16
	mov sp, r1
	bl weft_start_main	// does not return
	udf #0
	.cfi_endproc
	.size _start, . - _start

// int __aeabi_atexit(object r0, destructor r1, dso_handle r2)
// GCC registers static destructors on Arm through this name, with the first
// two arguments in the opposite order to __cxa_atexit, which weft defines.
	.global __aeabi_atexit
	.type __aeabi_atexit, %function
__aeabi_atexit:
	.cfi_startproc
	mov r3, r0		// swap object and destructor
	mov r0, r1		// argument 1: destructor
	mov r1, r3		// argument 2: object; r2 stays dso_handle
	b __cxa_atexit		// its result is ours
	.cfi_endproc
	.size __aeabi_atexit, . - __aeabi_atexit

// int __aeabi_idiv0(int), long long __aeabi_ldiv0(long long)
// libgcc's division routines call these when the divisor is 0. The Arm
// run-time ABI lets them return a value for the quotient or not return.
// These end the process with a message and status 127, as weft::fatal does,
// so that a division by zero never passes for a result. They replace
// libgcc's own versions, which call the C library's raise.
	.global __aeabi_idiv0
	.type __aeabi_idiv0, %function
	.global __aeabi_ldiv0
	.type __aeabi_ldiv0, %function
__aeabi_idiv0:
__aeabi_ldiv0:
	.cfi_startproc
	mov r0, #2		// write: standard error,
	adr r1, division_message	// the message,
	mov r2, #division_message_end - division_message	// its size
	mov r7, #__NR_write
	svc #0
	mov r0, #127		// exit_group: status 127, as weft::fatal
	mov r7, #__NR_exit_group
	svc #0
	udf #0
	.cfi_endproc
	.size __aeabi_idiv0, . - __aeabi_idiv0
	.size __aeabi_ldiv0, . - __aeabi_ldiv0

	// Thumb adr counts from the word-aligned pc, so the target is aligned
	// too, which also aligns this section to 4.
	.balign 4
division_message:
	.ascii "weft: integer division by zero\n"
division_message_end:

	.section .note.GNU-stack, "", %progbits
