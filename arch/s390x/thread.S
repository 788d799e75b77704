// SPDX-License-Identifier: MIT
// s390x thread creation and self-unmapping exit.
// Source: the s390x psABI (register usage, the standard stack frame) and
// clone(2) (s390x argument order, CLONE_BACKWARDS2 in the kernel: stack,
// flags, parent_tid, child_tid, tls).
//   syscall      svc 0, number in r1, arguments r2-r7, result in r2; the
//                kernel preserves every other register
//   C call       arguments r2-r6, then the caller's parameter area at
//                160(%r15); return address in r14, result in r2
//   call-saved   r6-r15: weft_clone moves an argument into r6, so it
//                saves r6 in its caller's register save area first
//   frame        r15 is 8-byte aligned (weft aligns to 16) and points at a
//                160-byte register save area, whose first word is the back
//                chain; a null back chain ends the chain of frames
#include <asm/unistd.h>

	.text

// long weft_clone(flags r2, child_stack r3, parent_tid r4,
//                 thread_pointer r5, child_tid r6, entry 160(%r15),
//                 argument 168(%r15))
// The child's stack gets, from its top down: entry and argument (16 bytes),
// then the 160-byte save area the child's r15 points at.
	.global weft_clone
	.type weft_clone, @function
weft_clone:
	.cfi_startproc
	stg %r6,48(%r15)	// r6's slot in the caller's save area
	.cfi_offset %r6, -112
	nill %r3,0xfff0		// align the child's stack down to 16
	aghi %r3,-176		// room for entry, argument and a save area
	mvc 160(16,%r3),160(%r15)	// entry and argument for the child
	lghi %r0,0
	stg %r0,0(%r3)		// the child's null back chain
	lgr %r0,%r2
	lgr %r2,%r3		// syscall argument 1: the child's stack
	lgr %r3,%r0		// syscall argument 2: flags
	lgr %r0,%r5
	lgr %r5,%r6		// syscall argument 4: child_tid
	lgr %r6,%r0		// syscall argument 5: the new thread pointer
	lghi %r1,__NR_clone	// r4, syscall argument 3, is parent_tid already
	svc 0
	ltgr %r2,%r2
	jz 1f			// 0 in the child
	lg %r6,48(%r15)		// the parent: restore r6
	br %r14			// and return the tid or -errno
1:
	.cfi_undefined %r14
	lg %r1,160(%r15)	// entry
	lg %r2,168(%r15)	// argument
	lghi %r11,0		// the child's outermost frame
	lghi %r14,0
	basr %r14,%r1
	lghi %r2,0		// entry returned: end the thread with status 0
	lghi %r1,__NR_exit
	svc 0
	.short 0		// an invalid instruction: traps if exit returned
	.cfi_endproc
	.size weft_clone, . - weft_clone

// void weft_unmap_and_exit(base r2, size r3)
// Only registers are used from here on: the stack may be the one unmapped.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, @function
weft_unmap_and_exit:
	.cfi_startproc
	lgr %r4,%r2		// base; r3 (size) and r4 survive svc
	lghi %r2,0		// set_tid_address(NULL): the kernel must not
	lghi %r1,__NR_set_tid_address	// write the tid word after munmap
	svc 0
	lgr %r2,%r4		// munmap(base, size in r3)
	lghi %r1,__NR_munmap
	svc 0
	lghi %r2,0
	lghi %r1,__NR_exit
	svc 0
	.short 0		// an invalid instruction: traps if exit returned
	.cfi_endproc
	.size weft_unmap_and_exit, . - weft_unmap_and_exit

	.section .note.GNU-stack, "", @progbits
