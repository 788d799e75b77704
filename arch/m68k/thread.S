// SPDX-License-Identifier: MIT
// m68k thread creation, self-unmapping exit and the thread pointer helper
// that GCC calls. Source: the m68k psABI supplement (calls), clone(2) and
// the kernel's arch/m68k/kernel/process.c (m68k_clone reads flags from d1,
// the stack from d2, parent_tid from d3, child_tid from d4 and tls from d5:
// the generic order), and GCC 12's m68k back end (__m68k_read_tp).
//   syscall      trap #0, number in d0, arguments d1-d5 and a0, result in
//                d0 (-4095..-1 is -errno); every other register preserved
//   C call       arguments on the stack from 4(sp) at entry, result in
//                d0; d0, d1, a0 and a1 are caller-saved, d2-d7 and a2-a6
//                callee-saved; a6 is the frame pointer
//   alignment    the psABI needs 2; new stacks are 16-byte aligned
#include <asm/unistd.h>

	.text

// long weft_clone(flags, child_stack, parent_tid, thread_pointer,
//                 child_tid, entry, argument), all on the stack.
// The child gets only sp and the registers from this side, so entry and
// argument travel on its stack: argument at 0(sp), where the child's call
// passes it, and entry above it.
	.global weft_clone
	.type weft_clone, @function
weft_clone:
	.cfi_startproc
	movem.l %d2-%d5, -(%sp)	// callee-saved registers that carry arguments
	.cfi_adjust_cfa_offset 16
	.cfi_rel_offset %d2, 0
	.cfi_rel_offset %d3, 4
	.cfi_rel_offset %d4, 8
	.cfi_rel_offset %d5, 12
	// From here the C arguments start at 20(sp): 16 bytes of saved
	// registers and the return address lie below them.
	move.l 24(%sp), %d2	// syscall argument 2: child_stack
	andi.l #-16, %d2	// aligned down
	subi.l #16, %d2		// one aligned block for the child's first call
	move.l %d2, %a0
	move.l 44(%sp), (%a0)	// argument, where the child's call passes it
	move.l 40(%sp), 4(%a0)	// entry, for the child to call
	move.l 20(%sp), %d1	// syscall argument 1: flags
	move.l 28(%sp), %d3	// syscall argument 3: parent_tid
	move.l 36(%sp), %d4	// syscall argument 4: child_tid
	move.l 32(%sp), %d5	// syscall argument 5: thread_pointer
	move.l #__NR_clone, %d0	// syscall number
	trap #0
	tst.l %d0
	.cfi_remember_state
	beq.s 1f		// 0 in the child
	movem.l (%sp)+, %d2-%d5	// the parent: tid or -errno
	.cfi_adjust_cfa_offset -16
	.cfi_restore %d2
	.cfi_restore %d3
	.cfi_restore %d4
	.cfi_restore %d5
	rts
1:
	.cfi_restore_state
	.cfi_undefined %pc
	suba.l %a6, %a6		// the child's outermost frame
	move.l 4(%sp), %a0	// entry; sp is 16-byte aligned and
	jsr (%a0)		// 0(sp) holds its argument
	moveq #0, %d1		// entry returned: end the thread with status 0
	move.l #__NR_exit, %d0	// syscall number
	trap #0
	illegal			// trap if exit ever returns
	.cfi_endproc
	.size weft_clone, . - weft_clone

// void weft_unmap_and_exit(base, size), both on the stack.
// Only registers are used after the two loads: the stack may be the one
// unmapped. trap #0 saves its exception frame on the kernel stack, not on
// this one. Nothing needs saving, because the routine does not return.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, @function
weft_unmap_and_exit:
	.cfi_startproc
	move.l 4(%sp), %a1	// base; a1 and d2 survive trap #0
	move.l 8(%sp), %d2	// munmap argument 2: size
	moveq #0, %d1		// set_tid_address(NULL): the kernel must not
	move.l #__NR_set_tid_address, %d0	// write the tid word after munmap
	trap #0
	move.l %a1, %d1		// munmap argument 1: base
	move.l #__NR_munmap, %d0	// syscall number
	trap #0
	moveq #0, %d1		// exit argument 1: status 0
	move.l #__NR_exit, %d0	// syscall number
	trap #0
	illegal			// trap if exit ever returns
	.cfi_endproc
	.size weft_unmap_and_exit, . - weft_unmap_and_exit

// void* __m68k_read_tp(void)
// GCC calls this for every TLS access, because no register holds the
// thread pointer on m68k. Unlike a normal function, it returns the pointer
// in a0. GCC treats the call as an ordinary one, so d0, d1, a0 and a1 may
// change; this routine changes only d0 and a0.
	.global __m68k_read_tp
	.type __m68k_read_tp, @function
__m68k_read_tp:
	.cfi_startproc
	move.l #__NR_get_thread_area, %d0	// syscall number
	trap #0
	move.l %d0, %a0		// the thread pointer, where GCC expects it
	rts
	.cfi_endproc
	.size __m68k_read_tp, . - __m68k_read_tp

	.section .note.GNU-stack, "", @progbits
