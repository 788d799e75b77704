/* SPDX-License-Identifier: MIT */
/* The segment descriptor that i386 threads use for TLS, shared by
   arch_syscall.hpp (set_thread_area for the main thread) and thread.S (the
   CLONE_SETTLS argument of every other thread). Both pass the kernel a
   struct user_desc from <asm/ldt.h>: four 32-bit words, entry_number,
   base_addr, limit and the flag bits. Source: set_thread_area(2).
   arch_syscall.hpp checks the flag word against the struct's bitfields. */
#pragma once

/* Limit 0xfffff in 4 KiB pages: the segment spans the whole 4 GiB address
   space, so %gs-relative addresses below the thread pointer also work. */
#define WEFT_TLS_DESCRIPTOR_LIMIT 0xfffff

/* seg_32bit (bit 0), limit_in_pages (bit 4) and useable (bit 6) are set.
   contents 0 and read_exec_only 0 make a writable data segment, and
   seg_not_present 0 a present one. */
#define WEFT_TLS_DESCRIPTOR_FLAGS 0x51

/* The selector for a GDT entry with requested privilege level 3:
   entry * 8 + 3. */
#define WEFT_GDT_SELECTOR_SHIFT 3
#define WEFT_USER_PRIVILEGE 3
