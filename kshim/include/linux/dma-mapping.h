/* SPDX-License-Identifier: GPL-2.0 */
/* dup: the DMA API constants and inline helpers, in kshim's words */
#ifndef _KSHIM_LINUX_DMA_MAPPING_H
#define _KSHIM_LINUX_DMA_MAPPING_H
#include <linux/types.h>
#include <linux/limits.h>
#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/bug.h>
#include <linux/scatterlist.h>
#include <linux/gfp_types.h>
#include <linux/errno.h>

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
bool dma_coherent_ok(struct device *d, phys_addr_t phys, size_t len);	/* kernel/dma/direct.c (ported) */
/* dup: kernel/dma/mapping.c's entry points (the file is ported; 7.2 adds the phys ones) */
struct sg_table;
struct vm_area_struct;
dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset, size_t size,
			      enum dma_data_direction dir, unsigned long attrs);
void dma_unmap_page_attrs(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir,
			  unsigned long attrs);
dma_addr_t dma_map_phys(struct device *dev, phys_addr_t phys, size_t size, enum dma_data_direction dir,
			unsigned long attrs);
void dma_unmap_phys(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir,
		    unsigned long attrs);
unsigned int dma_map_sg_attrs(struct device *dev, struct scatterlist *sg, int nents, enum dma_data_direction dir,
			      unsigned long attrs);
void dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sg, int nents, enum dma_data_direction dir,
			unsigned long attrs);
int dma_map_sgtable(struct device *dev, struct sg_table *sgt, enum dma_data_direction dir, unsigned long attrs);
dma_addr_t dma_map_resource(struct device *dev, phys_addr_t phys_addr, size_t size, enum dma_data_direction dir,
			    unsigned long attrs);
void dma_unmap_resource(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir,
			unsigned long attrs);
void *dma_alloc_attrs(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t flag, unsigned long attrs);
void dma_free_attrs(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle, unsigned long attrs);
void *dmam_alloc_attrs(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp, unsigned long attrs);
void dmam_free_coherent(struct device *dev, size_t size, void *vaddr, dma_addr_t dma_handle);
int dma_set_mask(struct device *dev, u64 mask);
int dma_set_coherent_mask(struct device *dev, u64 mask);
u64 dma_get_required_mask(struct device *dev);
bool dma_addressing_limited(struct device *dev);
size_t dma_max_mapping_size(struct device *dev);
size_t dma_opt_mapping_size(struct device *dev);
unsigned long dma_get_merge_boundary(struct device *dev);
struct page *dma_alloc_pages(struct device *dev, size_t size, dma_addr_t *dma_handle, enum dma_data_direction dir,
			     gfp_t gfp);
void dma_free_pages(struct device *dev, size_t size, struct page *page, dma_addr_t dma_handle,
		    enum dma_data_direction dir);
void __dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir);
void __dma_sync_single_for_device(struct device *dev, dma_addr_t addr, size_t size, enum dma_data_direction dir);
void __dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sg, int nelems, enum dma_data_direction dir);
void __dma_sync_sg_for_device(struct device *dev, struct scatterlist *sg, int nelems, enum dma_data_direction dir);
bool __dma_need_sync(struct device *dev, dma_addr_t dma_addr);

/* dup: CONFIG_DMA_NEED_SYNC (swiotlb selects it): a sync is skipped only for a device that never needs one */
static inline bool dma_dev_need_sync(const struct device *dev)
{
	return !dev->dma_skip_sync;
}
static inline void dma_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
					   enum dma_data_direction dir)
{
	if (dma_dev_need_sync(dev))
		__dma_sync_single_for_cpu(dev, addr, size, dir);
}
static inline void dma_sync_single_for_device(struct device *dev, dma_addr_t addr, size_t size,
					      enum dma_data_direction dir)
{
	if (dma_dev_need_sync(dev))
		__dma_sync_single_for_device(dev, addr, size, dir);
}
static inline void dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sg, int nelems,
				       enum dma_data_direction dir)
{
	if (dma_dev_need_sync(dev))
		__dma_sync_sg_for_cpu(dev, sg, nelems, dir);
}
static inline void dma_sync_sg_for_device(struct device *dev, struct scatterlist *sg, int nelems,
					  enum dma_data_direction dir)
{
	if (dma_dev_need_sync(dev))
		__dma_sync_sg_for_device(dev, sg, nelems, dir);
}
static inline void *dma_alloc_coherent(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp)
{
	return dma_alloc_attrs(dev, size, dma_handle, gfp, (gfp & __GFP_NOWARN) ? DMA_ATTR_NO_WARN : 0);
}
static inline void dma_free_coherent(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle)
{
	dma_free_attrs(dev, size, cpu_addr, dma_handle, 0);
}
static inline u64 dma_get_mask(struct device *dev)
{
	return dev->dma_mask && *dev->dma_mask ? *dev->dma_mask : DMA_BIT_MASK(32);
}
static inline int dma_mapping_error(struct device *dev, dma_addr_t dma_addr)
{
	(void)dev;
	return dma_addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}
#endif
