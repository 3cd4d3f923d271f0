/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: the DMA_ATTR_* bits, the kernel's values (0x1 is unused in 6.12).
 * Kept apart from linux/dma-mapping.h, which includes this, so that host
 * code (the scenario parser) names them without the kernel's macros.
 */
#ifndef _KSHIM_DMA_ATTRS_H
#define _KSHIM_DMA_ATTRS_H
#define DMA_ATTR_WEAK_ORDERING		0x0002UL
#define DMA_ATTR_WRITE_COMBINE		0x0004UL
#define DMA_ATTR_NO_KERNEL_MAPPING	0x0010UL
#define DMA_ATTR_SKIP_CPU_SYNC		0x0020UL
#define DMA_ATTR_FORCE_CONTIGUOUS	0x0040UL
#define DMA_ATTR_ALLOC_SINGLE_PAGES	0x0080UL
#define DMA_ATTR_NO_WARN		0x0100UL
#define DMA_ATTR_PRIVILEGED		0x0200UL
#define DMA_ATTR_MMIO			0x0400UL
/* 7.2 */
#define DMA_ATTR_DEBUGGING_IGNORE_CACHELINES	0x0800UL
#define DMA_ATTR_REQUIRE_COHERENT	0x1000UL
/* 7.3 (cc_shared rework): the mapping, or the allocation, is shared with the host */
#define DMA_ATTR_CC_SHARED		0x2000UL
#define __DMA_ATTR_ALLOC_CC_SHARED	0x4000UL
#endif
