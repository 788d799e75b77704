// SPDX-License-Identifier: MIT
// loongarch64 process entry. Source: Loongson's "LoongArch ELF psABI"
// (calling convention) and the kernel's ELF loader (create_elf_tables): at
// entry $sp points at argc, followed by the argv pointers, a null, the envp
// pointers, a null and the auxiliary vector.
//   hands over   $a0 = the initial $sp
//   alignment    $sp is aligned down to 16 (the kernel already does)
	.text
	.global _start
	.type _start, %function
_start:
	.cfi_startproc
	.cfi_undefined 1		// $ra: no caller
	move $fp, $zero		// outermost frame for unwinders and debuggers
	move $ra, $zero
	move $a0, $sp		// argument: the initial stack pointer
	bstrins.d $sp, $zero, 3, 0	// clear the low 4 bits: align down to 16
	bl weft_start_main	// does not return
	break 0
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", %progbits
