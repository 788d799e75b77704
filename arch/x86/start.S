// SPDX-License-Identifier: MIT
// i386 process entry. Source: System V ABI, Intel386 Architecture Processor
// Supplement 1.1, section 2.2.2 (stack frame), and the kernel's ELF loader
// (create_elf_tables): at entry esp points at argc, followed by the argv
// pointers, a null, the envp pointers, a null and the auxiliary vector. edx
// would hold a function the dynamic loader wants registered; a static
// program has none.
//   hands over   the initial esp, as the one argument on the stack
//   alignment    esp is 16-byte aligned at the call
	.text
	.global _start
	.type _start, @function
_start:
	.cfi_startproc
	.cfi_undefined eip
	xor %ebp, %ebp		// outermost frame for unwinders and debuggers
	mov %esp, %eax		// the initial stack pointer
	and $-16, %esp
	sub $12, %esp		// after the push below, esp is 16-byte aligned
	push %eax		// argument: the initial stack pointer
	call weft_start_main	// does not return
	hlt
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
