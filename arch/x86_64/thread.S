// SPDX-License-Identifier: MIT
// x86_64 thread creation and self-unmapping exit.
// Source: System V AMD64 psABI 1.0 (calls), clone(2) (x86_64 argument order:
// flags, stack, parent_tid, child_tid, tls).
//   syscall      number in rax, arguments rdi rsi rdx r10 r8 r9,
//                result in rax, rcx and r11 clobbered
//   C call       arguments rdi rsi rdx rcx r8 r9, then the stack
//   alignment    rsp is 16-byte aligned before a call, so the callee
//                starts with rsp = 8 mod 16
#include <asm/unistd.h>

	.text

// long weft_clone(flags rdi, child_stack rsi, parent_tid rdx,
//                 thread_pointer rcx, child_tid r8, entry r9,
//                 argument 8(%rsp))
	.global weft_clone
	.type weft_clone, @function
weft_clone:
	.cfi_startproc
	and $-16, %rsi		// align the child's stack
	sub $16, %rsi		// room for entry and argument
	mov %r9, (%rsi)		// child pops entry first
	mov 8(%rsp), %rax
	mov %rax, 8(%rsi)	// then its argument
	mov %r8, %r10		// syscall argument 4: child_tid
	mov %rcx, %r8		// syscall argument 5: the new fs base
	mov $__NR_clone, %eax
	syscall
	test %rax, %rax
	jz 1f			// 0 in the child
	ret			// the parent: tid or -errno
1:
	.cfi_undefined rip
	xor %ebp, %ebp		// the child's outermost frame
	pop %rax		// entry
	pop %rdi		// argument; rsp is 16-byte aligned again
	call *%rax
	xor %edi, %edi		// entry returned: end the thread with status 0
	mov $__NR_exit, %eax
	syscall
	hlt
	.cfi_endproc
	.size weft_clone, . - weft_clone

// void weft_unmap_and_exit(base rdi, size rsi)
// Only registers are used from here on: the stack may be the one unmapped.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, @function
weft_unmap_and_exit:
	.cfi_startproc
	mov %rdi, %r8		// r8 and r9 survive syscall
	mov %rsi, %r9
	xor %edi, %edi		// set_tid_address(NULL): the kernel must not
	mov $__NR_set_tid_address, %eax	// write the tid word after munmap
	syscall
	mov %r8, %rdi
	mov %r9, %rsi
	mov $__NR_munmap, %eax
	syscall
	xor %edi, %edi
	mov $__NR_exit, %eax
	syscall
	hlt
	.cfi_endproc
	.size weft_unmap_and_exit, . - weft_unmap_and_exit

	.section .note.GNU-stack, "", @progbits
