// SPDX-License-Identifier: MIT
// m68k process entry. Source: the "System V Application Binary Interface,
// Motorola 68000 Processor Family Supplement" (initial process stack, C
// calls), and the kernel's ELF loader (create_elf_tables): at entry sp
// points at argc, followed by the argv pointers, a null, the envp pointers,
// a null and the auxiliary vector. a1 would hold a function the dynamic
// loader wants registered; a static program has none.
//   hands over   the initial sp, as the one argument on the stack
//   C call       arguments on the stack from 4(sp) at entry, result in d0
//   alignment    the psABI needs 2; sp is 16-byte aligned at the call,
//                with the argument at 0(sp)
	.text
	.global _start
	.type _start, @function
_start:
	.cfi_startproc
	.cfi_undefined %pc
	suba.l %a6, %a6		// outermost frame for unwinders and debuggers
	move.l %sp, %a0		// the initial stack pointer
	move.l %sp, %d0
	andi.l #-16, %d0	// align down to 16
	move.l %d0, %sp
	lea -12(%sp), %sp	// after the push below, sp is 16-byte aligned
	move.l %a0, -(%sp)	// argument: the initial stack pointer
	bsr.l weft_start_main	// does not return
	illegal			// trap if it ever does
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
