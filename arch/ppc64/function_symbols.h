// SPDX-License-Identifier: MIT
// Assembler macros with which start.S and thread.S define the functions
// that C code calls, for the two 64-bit PowerPC ELF ABIs. GCC predefines
// _CALL_ELF as 2 for ELFv2 (Debian's powerpc64le compiler) and as 1 for
// ELFv1 (its powerpc64 compiler). Sources: "64-Bit ELF V2 ABI
// Specification, Power Architecture" (OpenPOWER), section "The Stack
// Frame"; "64-bit PowerPC ELF Application Binary Interface Supplement 1.9"
// (ELFv1), sections "The Stack Frame" and "Function Descriptors"; checked
// against the assembly that GCC 12 emits.
//
// ELFv2: a function's symbol is its code address, and a caller through a
// pointer puts that address in r12, from which the callee may derive its
// TOC pointer (r2).
//
// ELFv1: a function's symbol is a function descriptor, three doublewords in
// the .opd section: the code address, the TOC pointer (r2) for that code
// and an environment pointer (r11) that C does not use. A call through a
// pointer loads all three from the descriptor. A direct "bl name" reaches
// the code, because the linker resolves a branch to a descriptor symbol to
// the code address that the descriptor holds.
#pragma once

#if _CALL_ELF == 2
	.abiversion 2

// Bytes every frame starts with: back chain 0(r1), CR save 8(r1), LR save
// 16(r1) (written by the callee into its caller's frame), TOC save 24(r1).
// A callee with no more than eight register arguments needs no parameter
// save area.
#define MINIMUM_FRAME 32

	.macro function_begin name
	.global \name
	.type \name, @function
\name:
	.endm

	.macro function_end name
	.size \name, . - \name
	.endm

#elif _CALL_ELF == 1

// The 48-byte header (back chain 0(r1), CR save 8(r1), LR save 16(r1),
// two reserved doublewords, TOC save 40(r1)) and the 64-byte parameter
// save area that every caller provides, even for register arguments.
#define MINIMUM_FRAME 112

	.macro function_begin name
	.section ".opd", "aw"
	.align 3
	.global \name
\name:
	.quad .L.\name, .TOC.@tocbase, 0	// code, TOC, environment
	.previous
	.type \name, @function
.L.\name:
	.endm

	.macro function_end name
	.size \name, . - .L.\name
	.endm

#else
#error "arch/ppc64 expects _CALL_ELF to be 1 (ELFv1) or 2 (ELFv2)"
#endif
