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

/* every bit set: no mapping; spelled as the kernel spells it, since KUnit prints the expansion */
#define DMA_MAPPING_ERROR		(~(dma_addr_t)0)
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
/*
 * dup: include/linux/dma-mapping.h's setters of a device's DMA parameters.
 * The min-align one returns nothing since 6.12 (an int before) and needs
 * dma_parms; the combined mask setter answers with the streaming mask's
 * result and sets the coherent mask only when that one was taken.
 */
static inline void dma_set_min_align_mask(struct device *d, unsigned int mask)
{
	if (!WARN_ON_ONCE_AT("include/linux/dma-mapping.h", 574, !d->dma_parms))
		d->dma_parms->min_align_mask = mask;
}
int dma_set_mask(struct device *, u64);
int dma_set_coherent_mask(struct device *, u64);
static inline int dma_set_mask_and_coherent(struct device *d, u64 mask)
{
	if (int err = dma_set_mask(d, mask))
		return err;
	dma_set_coherent_mask(d, mask);
	return 0;
}
/* for a device with no streaming mask of its own: it shares the coherent one */
static inline int dma_coerce_mask_and_coherent(struct device *d, u64 mask)
{
	d->dma_mask = &d->coherent_dma_mask;
	return dma_set_mask_and_coherent(d, mask);
}
/*
 * dup: what kernel/dma/mapping.c (ported) defines, declared so that the
 * ported files can call each other; parameters are named where the name
 * says something.  7.2 added the phys entry points.
 */
struct sg_table;
struct vm_area_struct;
typedef enum dma_data_direction kshim_dmadir_t;
dma_addr_t dma_map_page_attrs(struct device *, struct page *, size_t off, size_t len, kshim_dmadir_t, unsigned long);
void dma_unmap_page_attrs(struct device *, dma_addr_t, size_t len, kshim_dmadir_t, unsigned long);
dma_addr_t dma_map_phys(struct device *, phys_addr_t, size_t len, kshim_dmadir_t, unsigned long);
void dma_unmap_phys(struct device *, dma_addr_t, size_t len, kshim_dmadir_t, unsigned long);
unsigned int dma_map_sg_attrs(struct device *, struct scatterlist *, int nents, kshim_dmadir_t, unsigned long);
void dma_unmap_sg_attrs(struct device *, struct scatterlist *, int nents, kshim_dmadir_t, unsigned long);
int dma_map_sgtable(struct device *, struct sg_table *, kshim_dmadir_t, unsigned long);
dma_addr_t dma_map_resource(struct device *, phys_addr_t, size_t len, kshim_dmadir_t, unsigned long);
void dma_unmap_resource(struct device *, dma_addr_t, size_t len, kshim_dmadir_t, unsigned long);
void *dma_alloc_attrs(struct device *, size_t len, dma_addr_t *handle, gfp_t, unsigned long);
void dma_free_attrs(struct device *, size_t len, void *cpu, dma_addr_t handle, unsigned long);
void *dmam_alloc_attrs(struct device *, size_t len, dma_addr_t *handle, gfp_t, unsigned long);
void dmam_free_coherent(struct device *, size_t len, void *cpu, dma_addr_t handle);
int dma_set_mask(struct device *, u64);
int dma_set_coherent_mask(struct device *, u64);
u64 dma_get_required_mask(struct device *);
bool dma_addressing_limited(struct device *);
size_t dma_max_mapping_size(struct device *);
size_t dma_opt_mapping_size(struct device *);
unsigned long dma_get_merge_boundary(struct device *);
struct page *dma_alloc_pages(struct device *, size_t len, dma_addr_t *handle, kshim_dmadir_t, gfp_t);
struct sg_table;
int dma_get_sgtable_attrs(struct device *, struct sg_table *, void *cpu, dma_addr_t handle, size_t len,
			  unsigned long attrs);
bool dma_can_mmap(struct device *);
void dma_free_pages(struct device *, size_t len, struct page *, dma_addr_t handle, kshim_dmadir_t);
void __dma_sync_single_for_cpu(struct device *, dma_addr_t, size_t len, kshim_dmadir_t);
void __dma_sync_single_for_device(struct device *, dma_addr_t, size_t len, kshim_dmadir_t);
void __dma_sync_sg_for_cpu(struct device *, struct scatterlist *, int nents, kshim_dmadir_t);
void __dma_sync_sg_for_device(struct device *, struct scatterlist *, int nents, kshim_dmadir_t);
bool __dma_need_sync(struct device *, dma_addr_t);

/* dup: with CONFIG_DMA_NEED_SYNC (swiotlb selects it), only a device marked as never needing them skips syncs */
static inline bool dma_dev_need_sync(const struct device *d)
{
	return !d->dma_skip_sync;
}
/* dup: the per-address question, asked only of a device that syncs at all */
static inline bool dma_need_sync(struct device *d, dma_addr_t a)
{
	return dma_dev_need_sync(d) && __dma_need_sync(d, a);
}
/* the four syncs take (device, what, its length or count, direction): one shape */
#define __dma_sync_single(name) \
	static inline void name(struct device *d, dma_addr_t a, size_t n, kshim_dmadir_t dd) \
	{ if (!d->dma_skip_sync) __##name(d, a, n, dd); }
#define __dma_sync_sglist(name) \
	static inline void name(struct device *d, struct scatterlist *sg, int n, kshim_dmadir_t dd) \
	{ if (!d->dma_skip_sync) __##name(d, sg, n, dd); }
__dma_sync_single(dma_sync_single_for_cpu)
__dma_sync_single(dma_sync_single_for_device)
__dma_sync_sglist(dma_sync_sg_for_cpu)
__dma_sync_sglist(dma_sync_sg_for_device)
#undef __dma_sync_single
#undef __dma_sync_sglist
/* dup: the coherent helpers, and DMA_ATTR_NO_WARN for a caller that asked for no warning */
static inline void *dma_alloc_coherent(struct device *d, size_t len, dma_addr_t *handle, gfp_t gfp)
{
	return dma_alloc_attrs(d, len, handle, gfp, (gfp & __GFP_NOWARN) ? DMA_ATTR_NO_WARN : 0);
}
static inline void dma_free_coherent(struct device *d, size_t len, void *cpu, dma_addr_t handle)
{
	dma_free_attrs(d, len, cpu, handle, 0);
}
/* dup: no mask set means the 32-bit default */
static inline u64 dma_get_mask(struct device *d)
{
	return d->dma_mask && *d->dma_mask ? *d->dma_mask : DMA_BIT_MASK(32);
}
/* dup: without DMA API debugging, only the error value itself is checked */
static inline int dma_mapping_error(struct device *d, dma_addr_t handle)
{
	(void)d;
	return handle == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}
#endif
