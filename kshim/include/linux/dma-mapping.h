/* SPDX-License-Identifier: GPL-2.0 */
/* dup: the DMA API constants and inline helpers, in kshim's words */
#ifndef _KSHIM_LINUX_DMA_MAPPING_H
#define _KSHIM_LINUX_DMA_MAPPING_H
#include <linux/types.h>
#include <linux/limits.h>
#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/bug.h>

#include <kshim/dma_attrs.h>

/* every bit set: no mapping */
#define DMA_MAPPING_ERROR		((dma_addr_t)-1)
#define DMA_BIT_MASK(n)	(((n) == 64) ? ~0ULL : ((1ULL << ((n) & 63)) - 1))

/* A device without dma_parms, or with a zero mask, may cross any boundary. */
static inline unsigned long dma_get_seg_boundary(struct device *d)
{
	unsigned long mask = d->dma_parms ? d->dma_parms->segment_boundary_mask : 0;
	return mask ? mask : ULONG_MAX;
}
/* The boundary in pages; no device means the 4G default. */
static inline unsigned long dma_get_seg_boundary_nr_pages(struct device *d, unsigned int shift)
{
	unsigned long mask = d ? dma_get_seg_boundary(d) : (unsigned long)U32_MAX;
	return (mask >> shift) + 1;
}
static inline unsigned int dma_get_min_align_mask(struct device *d)
{
	return d->dma_parms ? d->dma_parms->min_align_mask : 0;
}
bool dma_coherent_ok(struct device *d, phys_addr_t phys, size_t len);
#endif
