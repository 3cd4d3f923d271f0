/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: dup of the dma-direct address helpers (no dma_range_map, no
 * ARCH_HAS_PHYS_TO_DMA), with the SME C-bit handled through sme_me_mask.
 */
#ifndef _KSHIM_LINUX_DMA_DIRECT_H
#define _KSHIM_LINUX_DMA_DIRECT_H
#include <linux/dma-mapping.h>
#include <linux/mem_encrypt.h>
#include <linux/minmax.h>
#include <linux/pfn.h>

extern u64 zone_dma_limit;
bool force_dma_unencrypted(struct device *dev);

static inline dma_addr_t phys_to_dma_unencrypted(struct device *dev, phys_addr_t paddr)
{
	(void)dev;
	return paddr;
}
static inline dma_addr_t phys_to_dma(struct device *dev, phys_addr_t paddr)
{
	return __sme_set(phys_to_dma_unencrypted(dev, paddr));
}
#define phys_to_dma_encrypted phys_to_dma
static inline dma_addr_t phys_to_dma_direct(struct device *dev, phys_addr_t phys)
{
	if (force_dma_unencrypted(dev))
		return phys_to_dma_unencrypted(dev, phys);
	return phys_to_dma(dev, phys);
}
static inline phys_addr_t dma_to_phys(struct device *dev, dma_addr_t dma_addr)
{
	(void)dev;
	return __sme_clr(dma_addr);
}
static inline bool dma_capable(struct device *dev, dma_addr_t addr, size_t size, bool is_ram)
{
	dma_addr_t end = addr + size - 1;

	(void)is_ram;
	if (addr == DMA_MAPPING_ERROR)
		return false;
	return end <= min_not_zero(*dev->dma_mask, dev->bus_dma_limit);
}
/* 7.3: an address derived from private memory is not capable for a device that needs shared. */
static inline bool dma_capable(struct device *dev, dma_addr_t addr, size_t size, bool is_ram,
			       unsigned long attrs)
{
	if (!(attrs & DMA_ATTR_CC_SHARED) && force_dma_unencrypted(dev))
		return false;
	return dma_capable(dev, addr, size, is_ram);
}
#endif
