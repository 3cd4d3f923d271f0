/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: dup of the DMA API constants and inline helpers; model of the entry points. */
#ifndef _KSHIM_LINUX_DMA_MAPPING_H
#define _KSHIM_LINUX_DMA_MAPPING_H
#include <linux/types.h>
#include <linux/limits.h>
#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/bug.h>

#define DMA_ATTR_WEAK_ORDERING		(1UL << 1)
#define DMA_ATTR_WRITE_COMBINE		(1UL << 2)
#define DMA_ATTR_NO_KERNEL_MAPPING	(1UL << 4)
#define DMA_ATTR_SKIP_CPU_SYNC		(1UL << 5)
#define DMA_ATTR_FORCE_CONTIGUOUS	(1UL << 6)
#define DMA_ATTR_ALLOC_SINGLE_PAGES	(1UL << 7)
#define DMA_ATTR_NO_WARN		(1UL << 8)
#define DMA_ATTR_PRIVILEGED		(1UL << 9)
#define DMA_ATTR_MMIO			(1UL << 10)
/* 7.3 (cc_shared rework): the mapping, or the allocation, is shared with the host */
#define DMA_ATTR_CC_SHARED		(1UL << 13)
#define __DMA_ATTR_ALLOC_CC_SHARED	(1UL << 14)

#define DMA_MAPPING_ERROR		(~(dma_addr_t)0)
#define DMA_BIT_MASK(n)	(((n) == 64) ? ~0ULL : ((1ULL << ((n) & 63)) - 1))

static inline unsigned long dma_get_seg_boundary(struct device *dev)
{
	if (dev->dma_parms && dev->dma_parms->segment_boundary_mask)
		return dev->dma_parms->segment_boundary_mask;
	return ULONG_MAX;
}
static inline unsigned long dma_get_seg_boundary_nr_pages(struct device *dev, unsigned int page_shift)
{
	if (!dev)
		return (U32_MAX >> page_shift) + 1;
	return (dma_get_seg_boundary(dev) >> page_shift) + 1;
}
static inline unsigned int dma_get_min_align_mask(struct device *dev)
{
	if (dev->dma_parms)
		return dev->dma_parms->min_align_mask;
	return 0;
}
bool dma_coherent_ok(struct device *dev, phys_addr_t phys, size_t size);
#endif
