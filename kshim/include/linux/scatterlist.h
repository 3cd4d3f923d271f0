/* SPDX-License-Identifier: GPL-2.0 */
/* dup: the scatterlist layout (chaining not modelled) */
#ifndef _KSHIM_LINUX_SCATTERLIST_H
#define _KSHIM_LINUX_SCATTERLIST_H
#include <linux/types.h>
#include <linux/mm.h>
#include <linux/gfp_types.h>
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
struct sg_table {
	struct scatterlist *sgl;
	unsigned int nents;
	unsigned int orig_nents;
};
/* dup: arrays only: kctx's lists are never chained, the end bit is kept */
#define SG_CHAIN	0x01UL
#define SG_END		0x02UL
static inline bool sg_is_last(struct scatterlist *sg) { return sg->page_link & SG_END; }
static inline struct scatterlist *sg_next(struct scatterlist *sg) { return sg_is_last(sg) ? NULL : sg + 1; }
#define for_each_sg(sglist, sg, nr, __i) \
	for (__i = 0, sg = (sglist); __i < (nr); __i++, sg = sg_next(sg))
#define for_each_sgtable_sg(sgt, sg, i) for_each_sg((sgt)->sgl, sg, (sgt)->orig_nents, i)
#define for_each_sgtable_dma_sg(sgt, sg, i) for_each_sg((sgt)->sgl, sg, (sgt)->nents, i)
static inline void sg_mark_end(struct scatterlist *sg) { sg->page_link |= SG_END; }
/* model: one array of entries, from kmalloc */
int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp_mask);
void sg_free_table(struct sg_table *table);
#define sg_dma_address(sg)	((sg)->dma_address)
#define sg_dma_len(sg)		((sg)->dma_length)
/* dup: CONFIG_NEED_SG_DMA_FLAGS (dma-iommu selects it); bit 1 marks a list bounced through swiotlb */
#define SG_DMA_SWIOTLB 0x2u
static inline bool sg_dma_is_swiotlb(struct scatterlist *sg) { return sg->dma_flags & SG_DMA_SWIOTLB; }
static inline void sg_dma_mark_swiotlb(struct scatterlist *sg) { sg->dma_flags |= SG_DMA_SWIOTLB; }
/* dup: bit 0 marks an entry mapped as a PCI bus address (P2PDMA), which never happens here */
#define SG_DMA_BUS_ADDRESS 0x1u
static inline bool sg_dma_is_bus_address(struct scatterlist *sg) { return sg->dma_flags & SG_DMA_BUS_ADDRESS; }
static inline void sg_dma_mark_bus_address(struct scatterlist *sg) { sg->dma_flags |= SG_DMA_BUS_ADDRESS; }
static inline void sg_dma_unmark_bus_address(struct scatterlist *sg) { sg->dma_flags &= ~SG_DMA_BUS_ADDRESS; }
#endif
