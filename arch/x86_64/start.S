// SPDX-License-Identifier: MIT
// x86_64 process entry. Source: System V AMD64 psABI 1.0, section 3.4.1
// (initial process stack). At entry rsp points at argc, followed by the argv
// pointers, a null, the envp pointers, a null and the auxiliary vector; rdx
// holds a function the dynamic loader wants registered, which a static
// program without one can ignore.
//   hands over   rdi = the initial rsp
//   alignment    rsp is aligned down to 16 before the call
	.text
	.global _start
	.type _start, @function
_start:
	.cfi_startproc
	.cfi_undefined rip
	xor %ebp, %ebp		// outermost frame for unwinders and debuggers
	mov %rsp, %rdi		// argument: the initial stack pointer
	and $-16, %rsp
	call weft_start_main	// does not return
	hlt
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
