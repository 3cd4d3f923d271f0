/* SPDX-License-Identifier: GPL-2.0 */
/* dup: the DMA files include it for of_dma_configure(), which kctx's devices do not go through */
#ifndef _KSHIM_LINUX_OF_DEVICE_H
#define _KSHIM_LINUX_OF_DEVICE_H
#include <linux/of.h>
#endif
