/* SPDX-License-Identifier: MIT */
/* loongarch64 system call numbers. LoongArch takes the generic table
 * unchanged, with the three optional groups below switched on: the kernel's
 * arch/loongarch/include/uapi/asm/unistd.h (Linux 6.1) consists of just
 * these definitions and the include. */
#ifndef WEFT_LOONGARCH64_ASM_UNISTD_H
#define WEFT_LOONGARCH64_ASM_UNISTD_H

#define __ARCH_WANT_NEW_STAT
#define __ARCH_WANT_SYS_CLONE
#define __ARCH_WANT_SYS_CLONE3

#include <asm-generic/unistd.h>

#endif
