// SPDX-License-Identifier: MIT
// 64-bit PowerPC process entry, for ELFv2 and ELFv1 (function_symbols.h).
// Sources: "64-Bit ELF V2 ABI Specification, Power Architecture"
// (OpenPOWER), sections "The Stack Frame" and "Symbol Values" (global and
// local entry points); "64-bit PowerPC ELF Application Binary Interface
// Supplement 1.9", sections "Function Descriptors" and "Process
// Initialization"; the kernel's start_thread (arch/powerpc/kernel/process.c)
// and qemu-user's init_thread (linux-user/elfload.c). At entry r1 points at
// argc, followed by the argv pointers, a null, the envp pointers, a null
// and the auxiliary vector.
//   entry        ELFv2 (e_flags 2, from .abiversion 2): the kernel jumps to
//                e_entry with r12 = that address, and _start derives r2
//                from r12 as a global entry point does. ELFv1 (e_flags 0
//                or 1): e_entry is the address of _start's function
//                descriptor, from which the kernel loads the code address
//                and r2
//   hands over   r3 = the initial r1
//   alignment    r1 is aligned down to 16, then a minimum frame with a
//                null back chain is pushed (32 bytes for ELFv2, 112 for
//                ELFv1): the callee saves its return address at 16(r1) of
//                its caller's frame
#include "function_symbols.h"

	.text
	function_begin _start
	.cfi_startproc
	.cfi_undefined lr
#if _CALL_ELF == 2
	addis 2, 12, (.TOC. - _start)@ha	// r2 = the TOC pointer
	addi 2, 2, (.TOC. - _start)@l
	.localentry _start, . - _start	// code below needs a valid r2
#endif
	mr 3, 1			// argument: the initial stack pointer
	clrrdi 1, 1, 4		// align r1 down to 16
	li 0, 0
	mtlr 0			// outermost frame: no return address
	stdu 0, -MINIMUM_FRAME(1)	// back chain 0
	bl weft_start_main	// does not return
	nop			// the slot the linker may use to restore r2
	trap
	.cfi_endproc
	function_end _start

	.section .note.GNU-stack, "", @progbits
