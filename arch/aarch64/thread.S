// SPDX-License-Identifier: MIT
// aarch64 thread creation and self-unmapping exit.
// Source: AAPCS64 (calls) and clone(2) (arm64 argument order: flags, stack,
// parent_tid, tls, child_tid).
//   syscall      svc #0, number in x8, arguments x0-x5, result in x0
//   C call       arguments x0-x7, return address in x30, frame in x29
//   alignment    sp is always 16-byte aligned
#include <asm/unistd.h>

	.text

// long weft_clone(flags x0, child_stack x1, parent_tid x2,
//                 thread_pointer x3, child_tid x4, entry x5, argument x6)
// The kernel order matches the C order for x0-x4, so only the child's
// entry and argument need a place: the top of the child's stack.
	.global weft_clone
	.type weft_clone, %function
weft_clone:
	.cfi_startproc
	and x1, x1, #-16	// align the child's stack
	stp x5, x6, [x1, #-16]!	// entry and argument for the child
	mov x8, #__NR_clone
	svc #0
	cbz x0, 1f		// 0 in the child
	ret			// the parent: tid or -errno
1:
	.cfi_undefined x30
	ldp x1, x0, [sp], #16	// entry, argument; sp back at the aligned top
	mov x29, #0		// the child's outermost frame
	mov x30, #0
	blr x1
	mov x0, #0		// entry returned: end the thread with status 0
	mov x8, #__NR_exit
	svc #0
	brk #0
	.cfi_endproc
	.size weft_clone, . - weft_clone

// void weft_unmap_and_exit(base x0, size x1)
// Only registers are used from here on: the stack may be the one unmapped.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, %function
weft_unmap_and_exit:
	.cfi_startproc
	mov x9, x0		// x9, x10 survive svc
	mov x10, x1
	mov x0, #0		// set_tid_address(NULL): the kernel must not
	mov x8, #__NR_set_tid_address	// write the tid word after munmap
	svc #0
	mov x0, x9
	mov x1, x10
	mov x8, #__NR_munmap
	svc #0
	mov x0, #0
	mov x8, #__NR_exit
	svc #0
	brk #0
	.cfi_endproc
	.size weft_unmap_and_exit, . - weft_unmap_and_exit

	.section .note.GNU-stack, "", %progbits
