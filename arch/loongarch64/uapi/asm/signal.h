/* SPDX-License-Identifier: MIT */
/* loongarch64 signals: the generic set, with the larger minimum and default
 * signal stack sizes of the kernel's arch/loongarch/include/uapi/asm/signal.h
 * (Linux 6.1). */
#ifndef WEFT_LOONGARCH64_ASM_SIGNAL_H
#define WEFT_LOONGARCH64_ASM_SIGNAL_H

#define MINSIGSTKSZ 4096
#define SIGSTKSZ 16384

#include <asm-generic/signal.h>

#endif
