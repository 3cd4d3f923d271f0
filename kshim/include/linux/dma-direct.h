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

extern u64 zone_dma_limit;		/* model: highest address ZONE_DMA covers */
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
static inline dma_addr_t phys_to_dma_direct(struct device *d, phys_addr_t pa)
{
	return force_dma_unencrypted(d) ? phys_to_dma_unencrypted(d, pa) : phys_to_dma(d, pa);
}
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
