/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: the dma-direct address helpers (no dma_range_map, no
 * ARCH_HAS_PHYS_TO_DMA), with the SME C-bit handled through sme_me_mask.
 * Written here in kshim's own words; only the names and the meaning follow
 * include/linux/dma-direct.h.
 */
#ifndef _KSHIM_LINUX_DMA_DIRECT_H
#define _KSHIM_LINUX_DMA_DIRECT_H
#include <linux/dma-mapping.h>
#include <linux/mem_encrypt.h>
#include <linux/minmax.h>
#include <linux/pfn.h>
#include <linux/gfp_types.h>
#include <linux/dma-map-ops.h>
/* the ported swiotlb.h, where the ported files are compiled */
#if __has_include(<linux/swiotlb.h>)
#include <linux/swiotlb.h>
#endif
/* dup: kernel/dma/direct.c's entry points (the file is ported) */
u64 dma_direct_get_required_mask(struct device *dev);
void *dma_direct_alloc(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp, unsigned long attrs);
void dma_direct_free(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_addr, unsigned long attrs);
struct page *dma_direct_alloc_pages(struct device *dev, size_t size, dma_addr_t *dma_handle,
				    enum dma_data_direction dir, gfp_t gfp);
void dma_direct_free_pages(struct device *dev, size_t size, struct page *page, dma_addr_t dma_addr,
			   enum dma_data_direction dir);
int dma_direct_supported(struct device *dev, u64 mask);
dma_addr_t dma_direct_map_resource(struct device *dev, phys_addr_t paddr, size_t size, enum dma_data_direction dir,
				   unsigned long attrs);

/* dup: an offset range of a device's bus addresses; kctx's devices have none (dma_range_map is NULL) */
struct bus_dma_region {
	phys_addr_t cpu_start;
	dma_addr_t dma_start;
	u64 size;
};

extern u64 zone_dma_limit;		/* dup: kernel/dma/direct.c's (ported): ZONE_DMA's top */
bool force_dma_unencrypted(struct device *d);	/* model: per platform profile */

/* Bus addresses equal physical ones here; only the C-bit may differ. */
static inline dma_addr_t phys_to_dma_unencrypted(struct device *d, phys_addr_t pa)
{
	(void)d;
	return (dma_addr_t)pa;
}
static inline dma_addr_t phys_to_dma(struct device *d, phys_addr_t pa)
{
	dma_addr_t bus = phys_to_dma_unencrypted(d, pa);
	return __sme_set(bus);	/* private memory carries the C-bit */
}
#define phys_to_dma_encrypted phys_to_dma
static inline phys_addr_t dma_to_phys(struct device *d, dma_addr_t bus)
{
	(void)d;
	return (phys_addr_t)__sme_clr(bus);
}
/* Does [bus, bus + len) lie under both the device's mask and its bus limit? */
static inline bool dma_capable(struct device *d, dma_addr_t bus, size_t len, bool is_ram)
{
	(void)is_ram;
	if (bus == DMA_MAPPING_ERROR)
		return false;
	u64 limit = min_not_zero(*d->dma_mask, d->bus_dma_limit);
	return bus + len - 1 <= limit;
}
/* 7.3: an address derived from private memory is not capable for a device that needs shared. */
static inline bool dma_capable(struct device *d, dma_addr_t bus, size_t len, bool is_ram, unsigned long attrs)
{
	bool shared = attrs & DMA_ATTR_CC_SHARED;
	return (shared || !force_dma_unencrypted(d)) && dma_capable(d, bus, len, is_ram);
}
#endif
