/* SPDX-License-Identifier: MIT */
/* LoongArch takes asm/types.h from asm-generic unchanged (Linux 6.1). */
#ifndef WEFT_LOONGARCH64_ASM_TYPES_H
#define WEFT_LOONGARCH64_ASM_TYPES_H

#include <asm-generic/types.h>

#endif
