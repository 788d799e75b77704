// SPDX-License-Identifier: MIT
// 64-bit PowerPC thread creation and self-unmapping exit, for ELFv2 and
// ELFv1 (function_symbols.h).
// Sources: "64-Bit ELF V2 ABI Specification, Power Architecture"
// (OpenPOWER), sections "The Stack Frame" and "Symbol Values"; "64-bit
// PowerPC ELF Application Binary Interface Supplement 1.9", sections "The
// Stack Frame" and "Function Descriptors"; the kernel's
// Documentation/powerpc/syscall64-abi.rst; the kernel's clone argument
// order for powerpc, which selects CONFIG_CLONE_BACKWARDS: flags, stack,
// parent_tid, tls, child_tid.
//   syscall      sc, number in r0, arguments r3-r8, result in r3. On
//                failure cr0.SO is set and r3 holds the positive errno.
//                r0, r4-r12, cr0, ctr and xer are clobbered
//   C call       arguments r3-r10, return address in lr, which the callee
//                saves at 16(r1) of its caller's frame. r14-r31 are
//                preserved
//   call through a pointer
//                ELFv2: r12 = the function's address and bctrl, so its
//                global entry can derive r2 from r12. ELFv1: the pointer
//                addresses a function descriptor; load its code address
//                into ctr, its TOC pointer into r2 and its environment
//                pointer into r11, then bctrl
//   frame        r1 16-byte aligned; 0(r1) back chain, 16(r1) LR save;
//                MINIMUM_FRAME bytes at least (32 for ELFv2, 112 for
//                ELFv1, whose callers always provide a parameter save area)
#include <asm/unistd.h>

#include "function_symbols.h"

// The child's first frame: the ABI's minimum frame, then entry and
// argument in the two doublewords above it, rounded to 16 bytes.
#define CHILD_ENTRY_SLOT MINIMUM_FRAME
#define CHILD_ARGUMENT_SLOT (MINIMUM_FRAME + 8)
#define CHILD_FRAME (MINIMUM_FRAME + 16)

	.text

// long weft_clone(flags r3, child_stack r4, parent_tid r5,
//                 thread_pointer r6, child_tid r7, entry r8, argument r9)
// The kernel order matches the C order for r3-r7. The kernel starts the
// child with r1 = the child's frame built below, r3 = 0 and r13 = the new
// thread pointer; r2 is inherited from this caller.
	function_begin weft_clone
	.cfi_startproc
	clrrdi 4, 4, 4		// align the child's stack down to 16
	li 0, 0
	stdu 0, -CHILD_FRAME(4)	// the child's frame, back chain 0
	std 8, CHILD_ENTRY_SLOT(4)	// entry for the child
	std 9, CHILD_ARGUMENT_SLOT(4)	// argument for the child
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
	ld 3, CHILD_ARGUMENT_SLOT(1)	// argument
	ld 12, CHILD_ENTRY_SLOT(1)	// entry
#if _CALL_ELF == 2
	mtctr 12		// r12 = entry, for its global entry point
#else
	ld 0, 0(12)		// entry's descriptor: code address,
	ld 2, 8(12)		// TOC pointer
	ld 11, 16(12)		// and environment pointer
	mtctr 0
#endif
	bctrl
	li 3, 0			// entry returned: end the thread with status 0
	li 0, __NR_exit
	sc
	trap
	.cfi_endproc
	function_end weft_clone

// void weft_unmap_and_exit(base r3, size r4)
// Only registers are used from here on: the stack may be the one unmapped.
// r30 and r31 are callee-saved, so this never-returning function may take
// them without saving the caller's values, and sc preserves them.
	function_begin weft_unmap_and_exit
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
	function_end weft_unmap_and_exit

	.section .note.GNU-stack, "", @progbits
