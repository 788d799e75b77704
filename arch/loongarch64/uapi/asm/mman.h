/* SPDX-License-Identifier: MIT */
/* LoongArch takes asm/mman.h from asm-generic unchanged (Linux 6.1). */
#ifndef WEFT_LOONGARCH64_ASM_MMAN_H
#define WEFT_LOONGARCH64_ASM_MMAN_H

#include <asm-generic/mman.h>

#endif
