// SPDX-License-Identifier: MIT
// s390x process entry. Source: the s390x psABI (process initialisation and
// the standard stack frame) and the kernel's ELF loader (create_elf_tables):
// at entry r15 points at argc, followed by the argv pointers, a null, the
// envp pointers, a null and the auxiliary vector.
//   hands over   r2 = the initial r15
//   frame        r15 is aligned down to 16, then lowered by the 160-byte
//                register save area that every callee may write, whose
//                first word, the back chain, is 0
//   call         brasl puts the return address in r14
	.text
	.global _start
	.type _start, @function
_start:
	.cfi_startproc
	.cfi_undefined %r14
	lgr %r2,%r15		// argument: the initial stack pointer
	nill %r15,0xfff0	// align r15 down to 16
	aghi %r15,-160		// the callee's register save area
	lghi %r0,0
	stg %r0,0(%r15)		// null back chain: the outermost frame
	lghi %r11,0		// no frame pointer
	brasl %r14,weft_start_main	// does not return
	.short 0		// an invalid instruction: traps if it did
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
