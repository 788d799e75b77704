// SPDX-License-Identifier: MIT
// 64-bit MIPS (n64 and n32) process entry. Source: SGI's n64 and n32
// calling conventions as GCC implements them, and the kernel's ELF loader
// (create_elf_tables): at entry sp points at argc, followed by the argv
// pointers, a null, the envp pointers, a null and the auxiliary vector,
// each 8 bytes on n64 and 4 bytes on n32.
//   hands over   a0 ($4) = the initial sp
//   alignment    sp is aligned down to 16 (the kernel already does); n64
//                and n32 callers reserve no argument save area
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
1:	.cpsetup $31, $25, 1b	// $gp from label 1's address in ra
	.set reorder
	move $30, $0		// outermost frame for unwinders and debuggers
	move $4, $sp		// argument: the initial stack pointer
	li $12, -16
	and $sp, $sp, $12	// align down to 16
	dla $25, weft_start_main	// t9 = the callee, from the GOT (ld
					// on n64, lw on n32)
	jalr $25		// does not return
	teq $0, $0		// trap if it ever does
	.cfi_endproc
	.size _start, . - _start
	.size __start, . - __start

	.section .note.GNU-stack, "", @progbits
