/* SPDX-License-Identifier: MIT */
/* loongarch64 is LP64. Without this definition, older copies of the
 * generic header assume 32 bits, and asm-generic/unistd.h would then define
 * __NR_mmap2 and __NR_fstat64 in place of __NR_mmap and __NR_fstat. */
#ifndef WEFT_LOONGARCH64_ASM_BITSPERLONG_H
#define WEFT_LOONGARCH64_ASM_BITSPERLONG_H

#define __BITS_PER_LONG 64

#include <asm-generic/bitsperlong.h>

#endif
