// SPDX-License-Identifier: MIT
// aarch64 process entry. Source: AAPCS64 and the kernel's ELF loader
// (create_elf_tables): at entry sp points at argc, followed by the argv
// pointers, a null, the envp pointers, a null and the auxiliary vector.
//   hands over   x0 = the initial sp
//   alignment    sp is aligned down to 16 (the kernel already does)
	.text
	.global _start
	.type _start, %function
_start:
	.cfi_startproc
	.cfi_undefined x30
	mov x29, #0		// outermost frame for unwinders and debuggers
	mov x30, #0
	mov x0, sp		// argument: the initial stack pointer
	and x1, x0, #-16
	mov sp, x1
	bl weft_start_main	// does not return
	brk #0
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", %progbits
