// SPDX-License-Identifier: MIT
// riscv64 process entry. Source: "RISC-V ELF psABI" (calling convention and
// the gp relaxation rules) and the kernel's ELF loader (create_elf_tables):
// at entry sp points at argc, followed by the argv pointers, a null, the
// envp pointers, a null and the auxiliary vector.
//   hands over   a0 = the initial sp
//   alignment    sp is aligned down to 16 (the kernel already does)
//   gp           must hold __global_pointer$ before any compiled code runs,
//                because the linker rewrites accesses to globals near it
//                into gp-relative ones
	.text
	.global _start
	.type _start, %function
_start:
	.cfi_startproc
	.cfi_undefined ra
	// Without norelax the linker would turn this very load into one
	// relative to gp, which does not hold the address yet.
	.option push
	.option norelax
	lla gp, __global_pointer$
	.option pop
	li s0, 0		// outermost frame for unwinders and debuggers
	li ra, 0
	mv a0, sp		// argument: the initial stack pointer
	andi sp, sp, -16
	call weft_start_main	// does not return
	unimp
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", %progbits
