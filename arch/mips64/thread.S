// SPDX-License-Identifier: MIT
// 64-bit MIPS (n64 and n32) thread creation and self-unmapping exit.
// Source: SGI's n64 and n32 calling conventions as GCC implements them,
// clone(2) (mips argument order: flags, stack, parent_tid, tls, child_tid)
// and the kernel's arch/mips/kernel/scall64-n64.S and scall64-n32.S
// (syscall entry).
//   syscall      number in v0 ($2), loaded right before syscall; arguments
//                a0-a5 ($4-$9); result in v0, with a3 ($7) != 0 when v0
//                is a positive errno; $1, $3, $8-$15, $24, $25, hi and lo
//                clobbered
//   C call       arguments a0-a7 ($4-$11), no argument save area; the
//                callee's address in t9 ($25); return address in ra
//   alignment    sp 16-byte aligned at calls
// n32 runs the same instructions. Its pointers and longs are 32-bit values
// that the registers hold sign-extended to 64 bits, and its user addresses
// lie below 2 GiB, so 64-bit arithmetic (daddiu) keeps them in that form,
// and sd and ld move the registers whole. <asm/unistd.h> gives each ABI
// its own numbers.
// Registers are written by number because o32 and n64 name $8-$15
// differently.
#include <asm/unistd.h>

	.text

// long weft_clone(flags a0, child_stack a1, parent_tid a2,
//                 thread_pointer a3, child_tid a4 ($8), entry a5 ($9),
//                 argument a6 ($10))
// The kernel reads the same order in a0-a4. The child gets only sp and a
// few registers from this side, so entry and argument travel on its stack.
	.global weft_clone
	.type weft_clone, @function
weft_clone:
	.cfi_startproc
	li $12, -16
	and $5, $5, $12		// align the child's stack down to 16
	daddiu $5, $5, -16	// room for entry and argument
	sd $9, 0($5)		// entry
	sd $10, 8($5)		// argument
	li $2, __NR_clone
	syscall
	bnez $7, .Lclone_failed	// a3 set: v0 holds an errno
	beqz $2, .Lchild	// a3 and v0 are both 0 in the child
	jr $31			// the parent: the child's tid
.Lclone_failed:
	blez $2, .Lclone_return	// already negative: leave it
	dsubu $2, $0, $2	// -errno
.Lclone_return:
	jr $31
.Lchild:
	.cfi_undefined $31
	ld $25, 0($sp)		// t9 = entry, which finds $gp from it
	ld $4, 8($sp)		// a0 = argument
	daddiu $sp, $sp, 16	// sp back at the aligned top
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
// n64 passes every syscall argument in registers, so unlike o32 the kernel
// reads nothing at sp and sp may point at unmapped memory.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, @function
weft_unmap_and_exit:
	.cfi_startproc
	move $16, $4		// s0, s1 survive syscall
	move $17, $5
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
