// SPDX-License-Identifier: MIT
// i386 thread creation and self-unmapping exit.
// Source: System V ABI, Intel386 Architecture Processor Supplement 1.1
// (calls), syscall(2), clone(2) (i386 argument order: flags, stack,
// parent_tid, tls, child_tid) and set_thread_area(2) (the tls argument
// points to a struct user_desc, not to the thread pointer).
//   syscall      int $0x80, number in eax, arguments ebx ecx edx esi edi
//                ebp, result in eax (-4095..-1 is -errno), every other
//                register preserved
//   C call       arguments on the stack from 4(%esp) at entry, result in
//                eax; ebx, esi, edi and ebp are callee-saved
//   alignment    esp is 16-byte aligned before a call, so the callee
//                starts with esp = 12 mod 16
// Neither routine uses the vDSO's __kernel_vsyscall: it pops saved
// registers and its return address from the stack after the trap, but a new
// child wakes on an empty stack, and after munmap the stack is gone.
#include <asm/unistd.h>

#include "tls_descriptor.h"

	.text

// long weft_clone(flags, child_stack, parent_tid, thread_pointer,
//                 child_tid, entry, argument), all on the stack.
// Below the saved registers, the parent builds the struct user_desc that
// gives the child its TLS: the same GDT entry as the parent's, with the
// child's thread pointer as its base.
	.global weft_clone
	.type weft_clone, @function
weft_clone:
	.cfi_startproc
	push %ebp		// four callee-saved registers carry arguments
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset ebp, 0
	push %ebx
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset ebx, 0
	push %esi
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset esi, 0
	push %edi
	.cfi_adjust_cfa_offset 4
	.cfi_rel_offset edi, 0
	sub $16, %esp		// the struct user_desc, at 0(%esp)
	.cfi_adjust_cfa_offset 16
	// From here the C arguments start at 36(%esp): 16 bytes of user_desc,
	// 16 of saved registers and the return address lie below them.
	xor %eax, %eax
	mov %gs, %ax		// the selector of the parent's TLS entry
	shr $WEFT_GDT_SELECTOR_SHIFT, %eax	// its GDT entry number
	mov %eax, 0(%esp)	// user_desc.entry_number
	mov 48(%esp), %eax	// thread_pointer
	mov %eax, 4(%esp)	// user_desc.base_addr
	movl $WEFT_TLS_DESCRIPTOR_LIMIT, 8(%esp)	// user_desc.limit
	movl $WEFT_TLS_DESCRIPTOR_FLAGS, 12(%esp)	// user_desc flag bits

	mov 40(%esp), %ecx	// syscall argument 2: child_stack
	and $-16, %ecx		// aligned down
	sub $16, %ecx		// one aligned block for the child's first call
	mov 60(%esp), %eax
	mov %eax, 0(%ecx)	// argument, where the child's call passes it
	mov 56(%esp), %eax
	mov %eax, 4(%ecx)	// entry, for the child to call
	mov 36(%esp), %ebx	// syscall argument 1: flags
	mov 44(%esp), %edx	// syscall argument 3: parent_tid
	mov %esp, %esi		// syscall argument 4: the struct user_desc
	mov 52(%esp), %edi	// syscall argument 5: child_tid
	mov $__NR_clone, %eax	// syscall number
	int $0x80
	test %eax, %eax
	.cfi_remember_state
	jz 1f			// 0 in the child
	add $16, %esp		// the parent: tid or -errno
	.cfi_adjust_cfa_offset -16
	pop %edi
	.cfi_adjust_cfa_offset -4
	.cfi_restore edi
	pop %esi
	.cfi_adjust_cfa_offset -4
	.cfi_restore esi
	pop %ebx
	.cfi_adjust_cfa_offset -4
	.cfi_restore ebx
	pop %ebp
	.cfi_adjust_cfa_offset -4
	.cfi_restore ebp
	ret
1:
	.cfi_restore_state
	.cfi_undefined eip
	xor %ebp, %ebp		// the child's outermost frame
	mov 4(%esp), %eax	// entry; esp is 16-byte aligned and
	call *%eax		// 0(%esp) holds its argument
	xor %ebx, %ebx		// entry returned: end the thread with status 0
	mov $__NR_exit, %eax	// syscall number
	int $0x80
	hlt
	.cfi_endproc
	.size weft_clone, . - weft_clone

// void weft_unmap_and_exit(base, size), both on the stack.
// Only registers are used after the two loads: the stack may be the one
// unmapped. Nothing needs saving, because the routine does not return.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, @function
weft_unmap_and_exit:
	.cfi_startproc
	mov 4(%esp), %esi	// base; esi and edi survive int $0x80
	mov 8(%esp), %edi	// size
	xor %ebx, %ebx		// set_tid_address(NULL): the kernel must not
	mov $__NR_set_tid_address, %eax	// write the tid word after munmap
	int $0x80
	mov %esi, %ebx		// munmap argument 1: base
	mov %edi, %ecx		// munmap argument 2: size
	mov $__NR_munmap, %eax	// syscall number
	int $0x80
	xor %ebx, %ebx		// exit argument 1: status 0
	mov $__NR_exit, %eax	// syscall number
	int $0x80
	hlt
	.cfi_endproc
	.size weft_unmap_and_exit, . - weft_unmap_and_exit

	.section .note.GNU-stack, "", @progbits
