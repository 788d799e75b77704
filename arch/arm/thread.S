// SPDX-License-Identifier: MIT
// 32-bit Arm (EABI) thread creation, self-unmapping exit and the run-time
// ABI's thread pointer helper. Source: AAPCS32 (calls), clone(2) (arm
// argument order: flags, stack, parent_tid, tls, child_tid) and the Arm
// run-time ABI (__aeabi_read_tp).
//   syscall      svc #0, number in r7, arguments r0-r5, result in r0; the
//                kernel preserves every other register
//   C call       arguments r0-r3, then the stack; r4-r11 are callee-saved;
//                return address in lr, whose bit 0 selects Thumb state
//   frame        r7 is the frame pointer in Thumb code, fp (r11) in Arm code
//   alignment    sp is 8-byte aligned at calls; new stacks get 16
//   state        Thumb or Arm, whichever the compiler generates
#include <asm/unistd.h>

	.syntax unified
#ifdef __thumb__
	.thumb
#else
	.arm
#endif
	.cfi_sections .debug_frame
	.text

// long weft_clone(flags r0, child_stack r1, parent_tid r2,
//                 thread_pointer r3, child_tid [sp], entry [sp, #4],
//                 argument [sp, #8])
// The kernel order matches the C order for r0-r3. The child inherits every
// register, so entry and argument reach it in r5 and r6.
	.global weft_clone
	.type weft_clone, %function
weft_clone:
	.cfi_startproc
	push {r4, r5, r6, r7}	// callee-saved registers used below
	.cfi_adjust_cfa_offset 16
	.cfi_rel_offset r4, 0
	.cfi_rel_offset r5, 4
	.cfi_rel_offset r6, 8
	.cfi_rel_offset r7, 12
	ldr r4, [sp, #16]	// syscall argument 5: child_tid
	ldr r5, [sp, #20]	// entry, for the child
	ldr r6, [sp, #24]	// argument, for the child
	bic r1, r1, #15		// align the child's stack
	mov r7, #__NR_clone
	svc #0
	cmp r0, #0		// 0 in the child
	beq 1f
	pop {r4, r5, r6, r7}	// the parent: tid or -errno
	.cfi_adjust_cfa_offset -16
	.cfi_restore r4
	.cfi_restore r5
	.cfi_restore r6
	.cfi_restore r7
	bx lr
1:
	.cfi_undefined lr
	mov r7, #0		// the child's outermost frame, in both states
	mov fp, #0
	mov lr, #0
	mov r0, r6		// argument
	blx r5			// entry, in the state its bit 0 selects; lr
				// gets the Thumb bit when this code is Thumb
	mov r0, #0		// entry returned: end the thread with status 0
	mov r7, #__NR_exit
	svc #0
	udf #0
	.cfi_endproc
	.size weft_clone, . - weft_clone

// void weft_unmap_and_exit(base r0, size r1)
// Only registers are used from here on: the stack may be the one unmapped.
// The function does not return, so it need not keep r4, r5 and r7.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, %function
weft_unmap_and_exit:
	.cfi_startproc
	mov r4, r0		// r4, r5 survive svc
	mov r5, r1
	mov r0, #0		// set_tid_address(NULL): the kernel must not
	mov r7, #__NR_set_tid_address	// write the tid word after munmap
	svc #0
	mov r0, r4		// munmap(base, size)
	mov r1, r5
	mov r7, #__NR_munmap
	svc #0
	mov r0, #0		// exit(0): this thread only
	mov r7, #__NR_exit
	svc #0
	udf #0
	.cfi_endproc
	.size weft_unmap_and_exit, . - weft_unmap_and_exit

// void* __aeabi_read_tp(void)
// GCC calls this for TLS accesses when it does not read TPIDRURO inline
// (-mtp=soft, or a core it cannot assume has the register). The run-time ABI
// lets callers assume that only r0 changes, which holds here.
	.global __aeabi_read_tp
	.type __aeabi_read_tp, %function
__aeabi_read_tp:
	.cfi_startproc
	mrc p15, 0, r0, c13, c0, 3	// TPIDRURO
	bx lr
	.cfi_endproc
	.size __aeabi_read_tp, . - __aeabi_read_tp

	.section .note.GNU-stack, "", %progbits
