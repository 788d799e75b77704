// SPDX-License-Identifier: MIT
// 64-bit PowerPC thread creation and self-unmapping exit.
// Sources: "64-Bit ELF V2 ABI Specification, Power Architecture"
// (OpenPOWER), sections "The Stack Frame" and "Symbol Values"; the kernel's
// Documentation/powerpc/syscall64-abi.rst; the kernel's clone argument
// order for powerpc, which selects CONFIG_CLONE_BACKWARDS: flags, stack,
// parent_tid, tls, child_tid.
//   syscall      sc, number in r0, arguments r3-r8, result in r3. On
//                failure cr0.SO is set and r3 holds the positive errno.
//                r0, r4-r12, cr0, ctr and xer are clobbered
//   C call       arguments r3-r10, return address in lr, which the callee
//                saves at 16(r1) of its caller's frame. r14-r31 are
//                preserved
//   ELFv2 call   through a function pointer: r12 = the function's address
//                and bctrl, so its global entry can derive r2 from r12
//   frame        r1 16-byte aligned; 0(r1) back chain, 8(r1) CR save,
//                16(r1) LR save, 24(r1) TOC save: 32 bytes at least
#include <asm/unistd.h>

#if _CALL_ELF == 2
	.abiversion 2
#else
#error "arch/ppc64 implements only the ELFv2 ABI (_CALL_ELF == 2) so far"
#endif

	.text

// long weft_clone(flags r3, child_stack r4, parent_tid r5,
//                 thread_pointer r6, child_tid r7, entry r8, argument r9)
// The kernel order matches the C order for r3-r7. The child's first frame
// is 48 bytes at the aligned top of its stack: the 32-byte ELFv2 header
// with a null back chain, then entry at 32(r1) and argument at 40(r1).
// The kernel starts the child with r1 = that frame, r3 = 0 and r13 = the
// new thread pointer.
	.global weft_clone
	.type weft_clone, @function
weft_clone:
	.cfi_startproc
	clrrdi 4, 4, 4		// align the child's stack down to 16
	li 0, 0
	stdu 0, -48(4)		// the child's frame, back chain 0
	std 8, 32(4)		// entry for the child
	std 9, 40(4)		// argument for the child
	li 0, __NR_clone	// r3-r7 are already the clone arguments
	sc
	bso- 2f			// cr0.SO set: r3 is a positive errno
	cmpdi 3, 0
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
	ld 12, 32(1)		// entry, in r12 for its global entry point
	ld 3, 40(1)		// argument
	mtctr 12
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
