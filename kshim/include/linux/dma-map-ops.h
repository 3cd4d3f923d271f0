/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The atomic coherent pool (kernel/dma/pool.c semantics: pools per zone,
 * order-aligned first fit, growth from a work item, ownership by virtual
 * address) and the coherence helpers, in kshim's words.
 */
#ifndef _KSHIM_LINUX_DMA_MAP_OPS_H
#define _KSHIM_LINUX_DMA_MAP_OPS_H
#include <linux/dma-mapping.h>
#include <linux/gfp.h>

struct page;
/* model: the atomic pools */
/* Does the device reach [phys, phys + len)?  dma-direct passes dma_coherent_ok. */
typedef bool (*dma_pool_phys_ok_t)(struct device *d, phys_addr_t phys, size_t len);

struct page *dma_alloc_from_pool(struct device *d, size_t len, void **vaddr, gfp_t gfp,
				 dma_pool_phys_ok_t ok);
/* 7.3 passes the DMA attributes too. */
struct page *dma_alloc_from_pool(struct device *d, size_t len, void **vaddr, gfp_t gfp,
				 unsigned long attrs, dma_pool_phys_ok_t ok);
bool dma_free_from_pool(struct device *d, void *vaddr, size_t len);

/* dup */
static inline bool dev_is_dma_coherent(struct device *d)
{
	return d->dma_coherent != 0;
}
/* stub: kctx models no CPU caches; the data oracles read memory itself, so there is nothing to flush */
void arch_sync_dma_for_device(phys_addr_t pa, size_t len, enum dma_data_direction dir);
void arch_sync_dma_for_cpu(phys_addr_t pa, size_t len, enum dma_data_direction dir);
static inline void arch_sync_dma_flush(void) { }
/* dup: a device that was told it may skip syncs is told again that it may not */
static inline void dma_reset_need_sync(struct device *d)
{
	d->dma_skip_sync = false;
}
#endif
