/* SPDX-License-Identifier: MIT */
/* loongarch64 auxiliary vector additions, from the kernel's
 * arch/loongarch/include/uapi/asm/auxvec.h (Linux 6.1): the address of the
 * vDSO image, the one entry the architecture adds. */
#ifndef WEFT_LOONGARCH64_ASM_AUXVEC_H
#define WEFT_LOONGARCH64_ASM_AUXVEC_H

#define AT_SYSINFO_EHDR 33

#define AT_VECTOR_SIZE_ARCH 1

#endif
