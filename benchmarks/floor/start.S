// SPDX-License-Identifier: MIT
// The only assembly of the floor programs (x86_64 only): the process entry
// point and a clone that starts a function on a new stack.
// Linux x86_64 system calls take the number in rax and the arguments in
// rdi, rsi, rdx, r10, r8, r9; the result comes back in rax, and the syscall
// instruction overwrites rcx and r11 but no other register. C calls
// (System V AMD64 psABI) pass rdi, rsi, rdx, rcx, r8, r9 and need rsp
// 16-byte aligned at the call instruction.
#include <asm/unistd.h>

	.text

// The kernel starts the process with rsp pointing at argc, followed by
// the argv pointers, a null pointer and the environment.
	.global _start
	.type _start, @function
_start:
	xor %ebp, %ebp		// no caller frame
	mov %rsp, %rdi		// floor_start(long* initial_stack)
	and $-16, %rsp
	call floor_start
	hlt			// floor_start ends the process itself
	.size _start, . - _start

// long floor_clone(unsigned long flags, void* stack_top, int* parent_tid,
//                  int* child_tid, void (*function)(void*), void* argument)
// Returns the child's tid, or -errno, in the calling thread. The child
// runs function(argument) with rsp = stack_top (16-byte aligned) and
// then ends with exit(0). function and argument stay in r8 and r9, which
// the child inherits: r8 is also clone's tls argument, which the kernel
// reads only with CLONE_SETTLS, and the floor never passes that flag.
	.global floor_clone
	.type floor_clone, @function
floor_clone:
	mov %rcx, %r10		// child_tid is the kernel's fourth argument
	mov $__NR_clone, %eax
	syscall
	test %rax, %rax
	jnz 1f
	xor %ebp, %ebp		// the child: no caller frame
	mov %r9, %rdi
	call *%r8
	xor %edi, %edi
	mov $__NR_exit, %eax	// ends this thread only
	syscall
	hlt
1:
	ret
	.size floor_clone, . - floor_clone

	.section .note.GNU-stack, "", @progbits
