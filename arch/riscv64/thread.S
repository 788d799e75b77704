// SPDX-License-Identifier: MIT
// riscv64 thread creation and self-unmapping exit.
// Source: "RISC-V ELF psABI" (calls) and clone(2) (riscv selects
// CLONE_BACKWARDS: flags, stack, parent_tid, tls, child_tid).
//   syscall      ecall, number in a7, arguments a0-a5, result in a0; the
//                kernel preserves every other register
//   C call       arguments a0-a7, return address in ra, frame in s0
//   alignment    sp is 16-byte aligned on procedure entry
#include <asm/unistd.h>

	.text

// long weft_clone(flags a0, child_stack a1, parent_tid a2,
//                 thread_pointer a3, child_tid a4, entry a5, argument a6)
// The kernel order matches the C order for a0-a4, so only the child's
// entry and argument need a place: the top of the child's stack.
	.global weft_clone
	.type weft_clone, %function
weft_clone:
	.cfi_startproc
	andi a1, a1, -16	// align the child's stack
	addi a1, a1, -16	// room for entry and argument
	sd a5, 0(a1)		// entry for the child
	sd a6, 8(a1)		// and its argument
	li a7, __NR_clone	// clone(flags, stack, parent_tid, tls, child_tid)
	ecall
	beqz a0, 1f		// 0 in the child
	ret			// the parent: tid or -errno
1:
	.cfi_undefined ra
	ld a1, 0(sp)		// entry
	ld a0, 8(sp)		// argument
	addi sp, sp, 16		// sp back at the aligned top
	li s0, 0		// the child's outermost frame
	li ra, 0
	jalr a1
	li a0, 0		// entry returned: end the thread with status 0
	li a7, __NR_exit
	ecall
	unimp
	.cfi_endproc
	.size weft_clone, . - weft_clone

// void weft_unmap_and_exit(base a0, size a1)
// Only registers are used from here on: the stack may be the one unmapped.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, %function
weft_unmap_and_exit:
	.cfi_startproc
	mv t0, a0		// t0, t1 survive ecall
	mv t1, a1
	li a0, 0		// set_tid_address(NULL): the kernel must not
	li a7, __NR_set_tid_address	// write the tid word after munmap
	ecall
	mv a0, t0		// munmap(base, size)
	mv a1, t1
	li a7, __NR_munmap
	ecall
	li a0, 0		// exit(0)
	li a7, __NR_exit
	ecall
	unimp
	.cfi_endproc
	.size weft_unmap_and_exit, . - weft_unmap_and_exit

	.section .note.GNU-stack, "", %progbits
