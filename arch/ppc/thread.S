// SPDX-License-Identifier: MIT
// 32-bit PowerPC thread creation and self-unmapping exit.
// Sources: the 32-bit PowerPC SVR4 ELF ABI (calls and the stack frame),
// checked against the code GCC 12 generates; the kernel's
// Documentation/powerpc/syscall64-abi.rst, whose sc convention 32-bit
// kernels share; the kernel's clone argument order for powerpc, which
// selects CONFIG_CLONE_BACKWARDS: flags, stack, parent_tid, tls, child_tid.
//   syscall      sc, number in r0, arguments r3-r8, result in r3. On
//                failure cr0.SO is set and r3 holds the positive errno.
//                r0, r4-r12, cr0, ctr and xer are clobbered
//   C call       arguments r3-r10, return address in lr, which the callee
//                saves at 4(r1) of its caller's frame. r14-r31 are
//                preserved. A function pointer is the code address
//   frame        r1 16-byte aligned; 0(r1) back chain, 4(r1) LR save:
//                16 bytes at least
#include <asm/unistd.h>

	.text

// long weft_clone(flags r3, child_stack r4, parent_tid r5,
//                 thread_pointer r6, child_tid r7, entry r8, argument r9)
// The kernel order matches the C order for r3-r7. The child's first frame
// is 16 bytes at the aligned top of its stack: a null back chain, the LR
// save word that entry writes, then entry at 8(r1) and argument at
// 12(r1). The kernel starts the child with r1 = that frame, r3 = 0 and
// r2 = the new thread pointer.
	.global weft_clone
	.type weft_clone, @function
weft_clone:
	.cfi_startproc
	clrrwi 4, 4, 4		// align the child's stack down to 16
	li 0, 0
	stwu 0, -16(4)		// the child's frame, back chain 0
	stw 8, 8(4)		// entry for the child
	stw 9, 12(4)		// argument for the child
	li 0, __NR_clone	// r3-r7 are already the clone arguments
	sc
	bso- 2f			// cr0.SO set: r3 is a positive errno
	cmpwi 3, 0
	beq- 1f			// 0 in the child
	blr			// the parent: the child's tid
2:
	neg 3, 3		// the parent: -errno
	blr
1:
	.cfi_undefined lr
	li 0, 0
	mtlr 0			// the child's outermost frame: no return address
	li 31, 0		// and no frame pointer (GCC's r31)
	lwz 0, 8(1)		// entry
	lwz 3, 12(1)		// argument
	mtctr 0
	bctrl
	li 3, 0			// entry returned: end the thread with status 0
	li 0, __NR_exit
	sc
	trap
	.cfi_endproc
	.size weft_clone, . - weft_clone

// void weft_unmap_and_exit(base r3, size r4)
// Only registers are used from here on: the stack may be the one unmapped.
// r30 and r31 are callee-saved, so this never-returning function may take
// them without saving the caller's values, and sc preserves them.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, @function
weft_unmap_and_exit:
	.cfi_startproc
	mr 30, 3		// base and size survive sc in r30, r31
	mr 31, 4
	li 3, 0			// set_tid_address(NULL): the kernel must not
	li 0, __NR_set_tid_address	// write the tid word after munmap
	sc
	mr 3, 30		// munmap(base, size)
	mr 4, 31
	li 0, __NR_munmap
	sc
	li 3, 0			// exit(0) ends this thread only
	li 0, __NR_exit
	sc
	trap
	.cfi_endproc
	.size weft_unmap_and_exit, . - weft_unmap_and_exit

	.section .note.GNU-stack, "", @progbits
