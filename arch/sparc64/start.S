// SPDX-License-Identifier: MIT
// 64-bit SPARC process entry. Sources: the Oracle "SPARC Assembly Language
// Reference Manual", section 6.4.2 (the 176-byte minimum frame), the
// Solaris "64-bit Developer's Guide" (the stack bias of 2047) and the
// kernel's nolibc start code for sparc64 (tools/include/nolibc/
// arch-sparc.h). At entry %sp + 2047 is a 128-byte register save area, and
// argc lies just above it at %sp + 2047 + 128, followed by the argv
// pointers, a null, the envp pointers, a null and the auxiliary vector.
//   hands over   o0 = the address of argc (the unbiased initial stack)
//   frame        %sp + 2047 is aligned down to 16, then lowered by the
//                176-byte minimum frame: 128 bytes where the register
//                window spills, 48 where the callee may store its six
//                register arguments. Without it the callee's argument
//                slots would overlap argc and argv
//   call         call puts the return address in o7; the delay slot
//                after it runs before the callee
	.text
	.global _start
	.type _start, @function
_start:
	.cfi_startproc
	.cfi_undefined %i7
	mov %g0, %fp		// outermost frame for unwinders and debuggers
	mov %g0, %i7		// and no return address
	add %sp, 2047 + 128, %o0	// argument: the address of argc
	add %sp, 2047, %o1	// the unbiased stack pointer
	and %o1, -16, %o1	// aligned down to 16
	call weft_start_main	// does not return
	 sub %o1, 176 + 2047, %sp	// delay slot: the frame, biased again
	illtrap 0		// an invalid instruction: traps if it did
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
