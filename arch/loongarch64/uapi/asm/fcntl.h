/* SPDX-License-Identifier: MIT */
/* LoongArch takes asm/fcntl.h from asm-generic unchanged (Linux 6.1). */
#ifndef WEFT_LOONGARCH64_ASM_FCNTL_H
#define WEFT_LOONGARCH64_ASM_FCNTL_H

#include <asm-generic/fcntl.h>

#endif
