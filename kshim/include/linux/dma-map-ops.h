/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: model of the atomic coherent pool (kernel/dma/pool.c semantics:
 * pools per zone, order-aligned first fit, growth from a work item, ownership
 * by virtual address) and dup of the coherence helpers.
 */
#ifndef _KSHIM_LINUX_DMA_MAP_OPS_H
#define _KSHIM_LINUX_DMA_MAP_OPS_H
#include <linux/dma-mapping.h>
#include <linux/gfp.h>

struct page;
struct page *dma_alloc_from_pool(struct device *dev, size_t size, void **cpu_addr, gfp_t flags,
				 bool (*phys_addr_ok)(struct device *, phys_addr_t, size_t));
/* 7.3 passes the DMA attributes too. */
struct page *dma_alloc_from_pool(struct device *dev, size_t size, void **cpu_addr, gfp_t flags,
				 unsigned long attrs,
				 bool (*phys_addr_ok)(struct device *, phys_addr_t, size_t));
bool dma_free_from_pool(struct device *dev, void *start, size_t size);

static inline bool dev_is_dma_coherent(struct device *dev)
{
	return dev->dma_coherent;
}
void arch_sync_dma_for_device(phys_addr_t paddr, size_t size, enum dma_data_direction dir);
void arch_sync_dma_for_cpu(phys_addr_t paddr, size_t size, enum dma_data_direction dir);
static inline void arch_sync_dma_flush(void) { }
static inline void dma_reset_need_sync(struct device *dev)
{
	if (unlikely(dev->dma_skip_sync))
		dev->dma_skip_sync = false;
}
#endif
