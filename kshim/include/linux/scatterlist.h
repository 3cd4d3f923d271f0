/* SPDX-License-Identifier: GPL-2.0 */
/* dup: the scatterlist layout (chaining not modelled) */
#ifndef _KSHIM_LINUX_SCATTERLIST_H
#define _KSHIM_LINUX_SCATTERLIST_H
#include <linux/types.h>
#include <linux/mm.h>
struct scatterlist {
	unsigned long page_link;
	unsigned int offset;
	unsigned int length;
	dma_addr_t dma_address;
	unsigned int dma_length;
	unsigned int dma_flags;
};
static inline struct page *sg_page(struct scatterlist *sg) { return (struct page *)(sg->page_link & ~3UL); }
static inline phys_addr_t sg_phys(struct scatterlist *sg) { return page_to_phys(sg_page(sg)) + sg->offset; }
static inline void sg_set_page(struct scatterlist *sg, struct page *page, unsigned int len, unsigned int offset)
{
	sg->page_link = (unsigned long)page | (sg->page_link & 2UL);
	sg->offset = offset;
	sg->length = len;
}
#define sg_dma_address(sg)	((sg)->dma_address)
#define sg_dma_len(sg)		((sg)->dma_length)
/* dup: CONFIG_NEED_SG_DMA_FLAGS (dma-iommu selects it); bit 1 marks a list bounced through swiotlb */
#define SG_DMA_SWIOTLB 0x2u
static inline bool sg_dma_is_swiotlb(struct scatterlist *sg) { return sg->dma_flags & SG_DMA_SWIOTLB; }
static inline void sg_dma_mark_swiotlb(struct scatterlist *sg) { sg->dma_flags |= SG_DMA_SWIOTLB; }
#endif
