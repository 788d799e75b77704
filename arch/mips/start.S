// SPDX-License-Identifier: MIT
// 32-bit MIPS (o32) process entry. Source: the MIPS psABI supplement,
// chapter 3 (initial process stack, o32 calling convention), and the
// kernel's ELF loader (create_elf_tables): at entry sp points at argc,
// followed by the argv pointers, a null, the envp pointers, a null and the
// auxiliary vector.
//   hands over   a0 ($4) = the initial sp
//   alignment    sp is aligned down to 16, then 16 bytes below it are the
//                callee's argument save area, which o32 callers provide
//   entry name   binutils' MIPS linker scripts enter at __start, not
//                _start, so both names label this code and programs link
//                with no -e option
//   C call       GCC compiles MIPS code as SVR4 PIC (abicalls) even for
//                static programs: a function finds $gp from its own
//                address in t9 ($25), so calls go through t9, and the
//                address of a function is read from the GOT through $gp
	.text
	.global _start
	.global __start
	.type _start, @function
	.type __start, @function
_start:
__start:
	.cfi_startproc
	.cfi_undefined $31
	.set noreorder
	bal 1f			// ra = the address of label 1
	nop			// branch delay slot
1:	.cpload $31		// $gp from this code's address in ra
	.set reorder
	move $30, $0		// outermost frame for unwinders and debuggers
	move $4, $sp		// argument: the initial stack pointer
	li $8, -16
	and $sp, $sp, $8	// align down to 16
	addiu $sp, $sp, -16	// the callee's argument save area
	la $25, weft_start_main	// t9 = the callee, from the GOT
	jalr $25		// does not return
	teq $0, $0		// trap if it ever does
	.cfi_endproc
	.size _start, . - _start
	.size __start, . - __start

	.section .note.GNU-stack, "", @progbits
