// SPDX-License-Identifier: MIT
// 32-bit MIPS (o32) thread creation and self-unmapping exit.
// Source: the MIPS psABI supplement (o32 calls), clone(2) (mips argument
// order: flags, stack, parent_tid, tls, child_tid) and the kernel's
// arch/mips/kernel/scall32-o32.S (syscall entry).
//   syscall      number in v0 ($2), loaded right before syscall; arguments
//                a0-a3 ($4-$7), the fifth at 16(sp); result in v0, with
//                a3 != 0 when v0 is a positive errno; $1, $3, $8-$15,
//                $24, $25, hi and lo clobbered
//   C call       arguments a0-a3, then the stack from 16(sp); the caller
//                reserves 16 bytes at sp where the callee may save a0-a3;
//                the callee's address in t9 ($25); return address in ra
//   alignment    sp 8-byte aligned at calls; these routines use 16
// Registers are written by number because o32 and n64 name $8-$15
// differently.
#include <asm/unistd.h>

	.text

// long weft_clone(flags a0, child_stack a1, parent_tid a2,
//                 thread_pointer a3, child_tid 16(sp), entry 20(sp),
//                 argument 24(sp))
// The kernel reads the same order, child_tid included: it is the fifth
// syscall argument at 16(sp), where the caller put it. The child gets only
// sp and a few registers from this side, so entry and argument travel on
// its stack.
	.global weft_clone
	.type weft_clone, @function
weft_clone:
	.cfi_startproc
	li $8, -16
	and $5, $5, $8		// align the child's stack down to 16
	addiu $5, $5, -16	// the child's 16-byte argument save area
	lw $8, 20($sp)		// entry
	lw $9, 24($sp)		// argument
	sw $8, 8($5)		// both in the child's save area, which its
	sw $9, 12($5)		// callee may reuse once they are loaded
	li $2, __NR_clone
	syscall
	bnez $7, .Lclone_failed	// a3 set: v0 holds an errno
	beqz $2, .Lchild	// a3 and v0 are both 0 in the child
	jr $31			// the parent: the child's tid
.Lclone_failed:
	blez $2, .Lclone_return	// already negative: leave it
	subu $2, $0, $2		// -errno
.Lclone_return:
	jr $31
.Lchild:
	.cfi_undefined $31
	lw $25, 8($sp)		// t9 = entry, which finds $gp from it
	lw $4, 12($sp)		// a0 = argument; sp stays 16-byte aligned
	move $30, $0		// the child's outermost frame
	move $31, $0
	jalr $25
	move $4, $0		// entry returned: end the thread with status 0
	li $2, __NR_exit
	syscall
	teq $0, $0		// trap if exit ever returns
	.cfi_endproc
	.size weft_clone, . - weft_clone

// void weft_unmap_and_exit(base a0, size a1)
// Only registers are used from here on: the stack may be the one unmapped.
// The kernel still reads four argument words at sp+16 on every o32
// syscall, and kernels with commit 46e12c07 fail the call with EFAULT when
// they are unreadable. So sp moves into this routine's own code, which
// stays mapped, before the stack goes away.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, @function
weft_unmap_and_exit:
	.cfi_startproc
	move $16, $4		// s0, s1 survive syscall
	move $17, $5
	.set noreorder
	bal 1f			// ra = the address of label 1
	nop			// branch delay slot
1:	.set reorder
	move $29, $31		// sp = label 1: sp+16 .. sp+31 is code
	move $4, $0		// set_tid_address(NULL): the kernel must not
	li $2, __NR_set_tid_address	// write the tid word after munmap
	syscall
	move $4, $16
	move $5, $17
	li $2, __NR_munmap
	syscall
	move $4, $0
	li $2, __NR_exit
	syscall
	teq $0, $0		// trap if exit ever returns
	.cfi_endproc
	.size weft_unmap_and_exit, . - weft_unmap_and_exit

	.section .note.GNU-stack, "", @progbits
