/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the DMA layer's ported files (kernel/dma/pool.c, remap.c) declare to
 * each other, and the architecture and CMA hooks below them, in kshim's
 * words.
 */
#ifndef _KSHIM_LINUX_DMA_MAP_OPS_H
#define _KSHIM_LINUX_DMA_MAP_OPS_H
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/slab.h>

struct page;
struct cma;
/* dup: kernel/dma/pool.c's declarations (the file is ported).  Does the device reach [phys, phys + len)?  dma-direct passes dma_coherent_ok. */
typedef bool (*dma_pool_phys_ok_t)(struct device *d, phys_addr_t phys, size_t len);

struct page *dma_alloc_from_pool(struct device *d, size_t len, void **vaddr, gfp_t gfp,
				 dma_pool_phys_ok_t ok);
/* 7.3 passes the DMA attributes too. */
struct page *dma_alloc_from_pool(struct device *d, size_t len, void **vaddr, gfp_t gfp,
				 unsigned long attrs, dma_pool_phys_ok_t ok);
bool dma_free_from_pool(struct device *d, void *vaddr, size_t len);

/* dup: kernel/dma/remap.c's declarations (the file is ported) */
struct page **dma_common_find_pages(void *cpu_addr);
void *dma_common_pages_remap(struct page **pages, size_t size, pgprot_t prot, const void *caller);
void *dma_common_contiguous_remap(struct page *page, size_t size, pgprot_t prot, const void *caller);
void dma_common_free_remap(void *cpu_addr, size_t size);

/* stub: no CONFIG_DMA_CMA, so no contiguous area to take pages from (the kernel's own !CMA inlines) */
static inline struct cma *dev_get_cma_area(struct device *dev)
{
	(void)dev;
	return NULL;
}
static inline struct page *dma_alloc_from_contiguous(struct device *dev, size_t count, unsigned int order, bool no_warn)
{
	(void)dev, (void)count, (void)order, (void)no_warn;
	return NULL;
}
/* stub: the cache maintenance arm64 does before remapping; kctx models no CPU caches */
static inline void arch_dma_prep_coherent(struct page *page, size_t size)
{
	(void)page, (void)size;
}

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
