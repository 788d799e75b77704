/* SPDX-License-Identifier: MIT */
/* LoongArch takes asm/errno.h from asm-generic unchanged (Linux 6.1). */
#ifndef WEFT_LOONGARCH64_ASM_ERRNO_H
#define WEFT_LOONGARCH64_ASM_ERRNO_H

#include <asm-generic/errno.h>

#endif
