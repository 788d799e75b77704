// SPDX-License-Identifier: MIT
// 32-bit PowerPC process entry. Sources: the 32-bit PowerPC SVR4 ELF ABI
// (stack frame), checked against the frames GCC 12 builds, and the
// kernel's ELF loader (create_elf_tables): at entry r1 points at argc,
// followed by the argv pointers, a null, the envp pointers, a null and the
// auxiliary vector.
//   hands over   r3 = the initial r1
//   alignment    r1 is aligned down to 16, then a 16-byte frame with a
//                null back chain is pushed: the callee saves its return
//                address at 4(r1) of its caller's frame
//   registers    r2 (the thread pointer) is set later by start-up code in
//                C++; r13 (the small-data base) stays unset, because GCC
//                for Linux emits no small-data accesses by default
	.text
	.global _start
	.type _start, @function
_start:
	.cfi_startproc
	.cfi_undefined lr
	mr 3, 1			// argument: the initial stack pointer
	clrrwi 1, 1, 4		// align r1 down to 16
	li 0, 0
	mtlr 0			// outermost frame: no return address
	stwu 0, -16(1)		// minimal frame, back chain 0
	bl weft_start_main	// does not return
	trap
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
