// SPDX-License-Identifier: MIT
// loongarch64 thread creation and self-unmapping exit.
// Source: Loongson's "LoongArch ELF psABI" (calls) and clone(2) (loongarch
// uses the generic order: flags, stack, parent_tid, child_tid, tls).
//   syscall      syscall 0, number in $a7, arguments $a0-$a5, result in
//                $a0; the kernel clobbers $t0-$t8 and keeps $s0-$s8, $fp
//   C call       arguments $a0-$a7, return address in $ra, frame in $fp
//   alignment    $sp is 16-byte aligned on procedure entry
#include <asm/unistd.h>

	.text

// long weft_clone(flags $a0, child_stack $a1, parent_tid $a2,
//                 thread_pointer $a3, child_tid $a4, entry $a5,
//                 argument $a6)
// The kernel wants the thread pointer last, so $a3 and $a4 swap. The
// child's entry and argument go to the top of the child's stack.
	.global weft_clone
	.type weft_clone, %function
weft_clone:
	.cfi_startproc
	bstrins.d $a1, $zero, 3, 0	// align the child's stack down to 16
	addi.d $a1, $a1, -16	// room for entry and argument
	st.d $a5, $a1, 0	// entry for the child
	st.d $a6, $a1, 8	// and its argument
	move $t0, $a3		// thread pointer
	move $a3, $a4		// 4th: child_tid
	move $a4, $t0		// 5th: tls
	li.w $a7, __NR_clone	// clone(flags, stack, parent_tid, child_tid, tls)
	syscall 0
	beqz $a0, 1f		// 0 in the child
	jr $ra			// the parent: tid or -errno
1:
	.cfi_undefined 1	// $ra
	ld.d $t0, $sp, 0	// entry
	ld.d $a0, $sp, 8	// argument
	addi.d $sp, $sp, 16	// $sp back at the aligned top
	move $fp, $zero		// the child's outermost frame
	move $ra, $zero
	jirl $ra, $t0, 0	// entry(argument)
	move $a0, $zero		// entry returned: end the thread with status 0
	li.w $a7, __NR_exit
	syscall 0
	break 0
	.cfi_endproc
	.size weft_clone, . - weft_clone

// void weft_unmap_and_exit(base $a0, size $a1)
// Only registers are used from here on: the stack may be the one unmapped.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, %function
weft_unmap_and_exit:
	.cfi_startproc
	move $s0, $a0		// $s0, $s1 survive syscall; this never
	move $s1, $a1		// returns, so the caller needs neither back
	move $a0, $zero		// set_tid_address(NULL): the kernel must not
	li.w $a7, __NR_set_tid_address	// write the tid word after munmap
	syscall 0
	move $a0, $s0		// munmap(base, size)
	move $a1, $s1
	li.w $a7, __NR_munmap
	syscall 0
	move $a0, $zero		// exit(0)
	li.w $a7, __NR_exit
	syscall 0
	break 0
	.cfi_endproc
	.size weft_unmap_and_exit, . - weft_unmap_and_exit

	.section .note.GNU-stack, "", %progbits
