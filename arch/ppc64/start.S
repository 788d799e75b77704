// SPDX-License-Identifier: MIT
// 64-bit PowerPC process entry. Sources: "64-Bit ELF V2 ABI Specification,
// Power Architecture" (OpenPOWER), sections "The Stack Frame" and "Symbol
// Values" (global and local entry points), the kernel's start_thread
// (arch/powerpc/kernel/process.c) and qemu-user's init_thread
// (linux-user/elfload.c). At entry r1 points at argc, followed by the argv
// pointers, a null, the envp pointers, a null and the auxiliary vector.
// For an ELFv2 program (e_flags 2, from .abiversion 2) both set r12 to the
// entry address and leave r2 for the program to derive. For e_flags 0 or 1
// they would read the entry as an ELFv1 function descriptor instead.
//   hands over   r3 = the initial r1
//   TOC          r2 = .TOC., computed from r12 as a global entry point does
//   alignment    r1 is aligned down to 16, then a 32-byte frame with a
//                null back chain is pushed: the callee saves its return
//                address at 16(r1) of its caller's frame
#if _CALL_ELF == 2
	.abiversion 2
#else
#error "arch/ppc64 implements only the ELFv2 ABI (_CALL_ELF == 2) so far"
#endif

	.text
	.global _start
	.type _start, @function
_start:
	.cfi_startproc
	.cfi_undefined lr
	addis 2, 12, (.TOC. - _start)@ha	// r2 = the TOC pointer
	addi 2, 2, (.TOC. - _start)@l
	.localentry _start, . - _start	// code below needs a valid r2
	mr 3, 1			// argument: the initial stack pointer
	clrrdi 1, 1, 4		// align r1 down to 16
	li 0, 0
	mtlr 0			// outermost frame: no return address
	stdu 0, -32(1)		// minimal ELFv2 frame, back chain 0
	bl weft_start_main	// does not return
	nop			// the slot the linker may use to restore r2
	trap
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
