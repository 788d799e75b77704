// SPDX-License-Identifier: MIT
// 64-bit SPARC thread creation and self-unmapping exit.
// Sources: the Oracle "SPARC Assembly Language Reference Manual", section
// 6.4.2 (the 176-byte minimum frame); the kernel's sparc_clone and
// copy_thread (arch/sparc/kernel/process.c, process_64.c): the argument
// order is flags, stack, parent_tid, tls, child_tid, and CLONE_SETTLS
// writes tls into the child's g7; qemu-user's cpu_clone_regs_child
// (linux-user/sparc/target_cpu.h).
//   syscall      t 0x6d, number in g1, arguments o0-o5, result in o0. On
//                failure the carry bit in %xcc is set and o0 holds the
//                positive errno. clone also returns a second value in o1:
//                1 in the child, 0 in the parent. In the child o0 holds
//                the parent's pid, not 0 (qemu-user puts 0 there)
//   C call       arguments o0-o5, then the caller's frame at
//                %sp + 2047 + 176; call puts the return address in o7,
//                and the instruction after a branch or call (its delay
//                slot) runs before the target
//   frame        save gives the callee a fresh register window; %sp and
//                %fp hold addresses less 2047 (the stack bias), and
//                %sp + 2047 is 16-byte aligned. Each frame has at least
//                176 bytes: 128 where the window spills, 48 where the
//                callee may store its register arguments
#include <asm/unistd.h>

	.text

// long weft_clone(flags o0, child_stack o1, parent_tid o2,
//                 thread_pointer o3, child_tid o4, entry o5,
//                 argument [%sp + 2047 + 176])
// The child's stack pointer is the aligned top of its stack less a
// 176-byte frame and the bias. qemu-user starts the child with exactly
// that %sp. The kernel copies the parent's current frame (this function's
// 176 bytes) just below it and starts the child there, with the copy's
// saved %fp pointing at the given frame. Either way the child resumes in
// this function's register window, so entry and argument travel in the
// locals l0 and l1.
	.global weft_clone
	.type weft_clone, @function
weft_clone:
	.cfi_startproc
	save %sp, -176, %sp	// a frame of our own; the arguments move to i0-i5
	.cfi_def_cfa_register %fp
	.cfi_window_save
	.cfi_register %o7, %i7
	mov %i5, %l0		// entry, for the child
	ldx [%fp + 2047 + 176], %l1	// argument, for the child
	mov %i0, %o0		// syscall argument 1: flags
	and %i1, -16, %o1	// align the child's stack top down to 16
	sub %o1, 176 + 2047, %o1	// syscall argument 2: the child's %sp
	mov %i2, %o2		// syscall argument 3: parent_tid
	mov %i3, %o3		// syscall argument 4: the new thread pointer
	mov %i4, %o4		// syscall argument 5: child_tid
	mov __NR_clone, %g1	// system call number
	t 0x6d			// clone
	bcs,a,pn %xcc, 2f	// carry set: the parent, and clone failed
	 sub %g0, %o0, %o0	// delay slot, run only then: o0 = -errno
	brnz,pn %o1, 1f		// o1 is 1 in the child
	 nop
2:
	ret			// the parent: return the tid or -errno
	 restore %o0, %g0, %o0	// in the caller's o0
1:
	.cfi_undefined %i7
	mov %g0, %fp		// the child's outermost frame
	mov %g0, %i7		// and no return address
	call %l0		// entry(argument)
	 mov %l1, %o0		// delay slot: the argument
	mov 0, %o0		// entry returned: end the thread with status 0
	mov __NR_exit, %g1	// system call number
	t 0x6d			// exit
	illtrap 0		// an invalid instruction: traps if exit returned
	.cfi_endproc
	.size weft_clone, . - weft_clone

// void weft_unmap_and_exit(base o0, size o1)
// The register windows of the callers may still live in the register
// file, and the CPU or the kernel spills them to their frames on this
// stack whenever it needs the registers. flushw writes them all out now,
// while the stack is mapped, so no later spill can write into the range
// after munmap, when another thread may have mapped it again.
// flushw leaves out the current window (the caller's, as this function
// has no save). A real kernel may spill that one to %sp during a system
// call and must reload it from there before returning to user space,
// which fails with SIGSEGV when %sp lies in the unmapped range. So %sp
// moves to a small static area first. Exiting threads may share it: the
// windows they spill there hold only locals and ins, which nothing reads
// after munmap.
// NOTE: qemu-user never spills windows during a system call, so the tests
// under qemu do not reach the case that the static area handles.
	.global weft_unmap_and_exit
	.type weft_unmap_and_exit, @function
weft_unmap_and_exit:
	.cfi_startproc
	flushw			// spill every caller's window while mapped
	mov %o0, %o4		// base and size survive the traps in o4, o5
	mov %o1, %o5
	mov 0, %o0		// set_tid_address(NULL): the kernel must not
	mov __NR_set_tid_address, %g1	// write the tid word after munmap
	t 0x6d			// set_tid_address
	rd %pc, %o3		// address of this instruction, for the next two
	sethi %pc22(weft_exit_frame_top + 4), %o2	// high bits of the distance
	add %o2, %pc10(weft_exit_frame_top + 8), %o2	// to the top of the area
	add %o3, %o2, %o2	// the area's top, unbiased
	sub %o2, 176 + 2047, %sp	// a frame in it, biased: %sp leaves the range
	mov %o4, %o0		// syscall argument 1: base
	mov %o5, %o1		// syscall argument 2: size
	mov __NR_munmap, %g1	// system call number
	t 0x6d			// munmap
	mov 0, %o0		// exit(0) ends this thread only
	mov __NR_exit, %g1	// system call number
	t 0x6d			// exit
	illtrap 0		// an invalid instruction: traps if exit returned
	.cfi_endproc
	.size weft_unmap_and_exit, . - weft_unmap_and_exit

// The frame that weft_unmap_and_exit moves %sp into: 176 bytes, 16-byte
// aligned.
	.section .bss.weft_exit_frame, "aw", @nobits
	.balign 16
	.type weft_exit_frame, @object
weft_exit_frame:
	.skip 176
weft_exit_frame_top:
	.size weft_exit_frame, . - weft_exit_frame

	.section .note.GNU-stack, "", @progbits
