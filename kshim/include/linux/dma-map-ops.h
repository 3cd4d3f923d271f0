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
#include <linux/pci-p2pdma.h>

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
bool dma_free_from_pool_page(struct device *dev, struct page *page, size_t size);	/* 7.3 */

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

/* dup: no CONFIG_DMA_CMA: the contiguous allocator is the page allocator (the kernel's !CMA inlines) */
static inline struct page *dma_alloc_contiguous(struct device *dev, size_t size, gfp_t gfp)
{
	(void)dev, (void)size, (void)gfp;
	return NULL;
}
static inline void dma_free_contiguous(struct device *dev, struct page *page, size_t size)
{
	(void)dev;
	__free_pages(page, get_order(size));
}
/* C converts a page cookie held as void * implicitly (dma_direct_free() with DMA_ATTR_NO_KERNEL_MAPPING) */
static inline void dma_free_contiguous(struct device *dev, void *page, size_t size)
{
	dma_free_contiguous(dev, (struct page *)page, size);
}
/* stub: no CONFIG_DMA_DECLARE_COHERENT and no CONFIG_DMA_GLOBAL_POOL: no device has its own coherent memory */
static inline int dma_alloc_from_dev_coherent(struct device *dev, ssize_t size, dma_addr_t *dma_handle, void **ret)
{
	(void)dev, (void)size, (void)dma_handle, (void)ret;
	return 0;
}
static inline int dma_release_from_dev_coherent(struct device *dev, int order, void *vaddr)
{
	(void)dev, (void)order, (void)vaddr;
	return 0;
}
static inline int dma_mmap_from_dev_coherent(struct device *dev, struct vm_area_struct *vma, void *cpu_addr,
					     size_t size, int *ret)
{
	(void)dev, (void)vma, (void)cpu_addr, (void)size, (void)ret;
	return 0;
}
static inline void *dma_alloc_from_global_coherent(struct device *dev, ssize_t size, dma_addr_t *dma_handle)
{
	(void)dev, (void)size, (void)dma_handle;
	return NULL;
}
static inline int dma_release_from_global_coherent(int order, void *vaddr)
{
	(void)order, (void)vaddr;
	return 0;
}
static inline int dma_mmap_from_global_coherent(struct vm_area_struct *vma, void *cpu_addr, size_t size, int *ret)
{
	(void)vma, (void)cpu_addr, (void)size, (void)ret;
	return 0;
}
/*
 * stub: hooks of architectures kctx does not model (x86 and arm64 select
 * none of ARCH_HAS_DMA_ALLOC, ARCH_HAS_DMA_SET_UNCACHED, ARCH_HAS_DMA_CLEAR_UNCACHED,
 * ARCH_HAS_DMA_MAP_DIRECT): the DMA layer only calls them under IS_ENABLED() of those
 */
void *arch_dma_alloc(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp, unsigned long attrs);
void arch_dma_free(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_addr, unsigned long attrs);
void *arch_dma_set_uncached(void *addr, size_t size);
void arch_dma_clear_uncached(void *addr, size_t size);
#define arch_dma_set_mask(dev, mask)	do { } while (0)
static inline bool arch_dma_map_page_direct(struct device *dev, phys_addr_t addr) { (void)dev, (void)addr; return false; }
static inline bool arch_dma_unmap_page_direct(struct device *dev, dma_addr_t dma_handle) { (void)dev, (void)dma_handle; return false; }
static inline bool arch_dma_map_sg_direct(struct device *dev, struct scatterlist *sg, int nents) { (void)dev, (void)sg, (void)nents; return false; }
static inline bool arch_dma_map_phys_direct(struct device *dev, phys_addr_t addr) { (void)dev, (void)addr; return false; }
static inline bool arch_dma_unmap_phys_direct(struct device *dev, dma_addr_t dma_handle) { (void)dev, (void)dma_handle; return false; }
static inline bool arch_dma_alloc_direct(struct device *dev) { (void)dev; return false; }
static inline bool arch_dma_free_direct(struct device *dev, dma_addr_t dma_handle) { (void)dev, (void)dma_handle; return false; }
static inline bool arch_dma_unmap_sg_direct(struct device *dev, struct scatterlist *sg, int nents) { (void)dev, (void)sg, (void)nents; return false; }
/* stub: kctx models no CPU caches: nothing to write back or mark clean */
static inline void arch_sync_dma_for_cpu_all(void) { }
static inline void arch_dma_mark_clean(phys_addr_t paddr, size_t size) { (void)paddr, (void)size; }
/*
 * dup: the operations of a device behind dma_map_ops, every version's
 * members (7.2 replaced map_page and map_resource by map_phys).  kctx's
 * devices are dma-direct or dma-iommu, never behind dma_map_ops: the DMA
 * layer only reads these after get_dma_ops() returned one.
 */
struct dma_map_ops {
	void *(*alloc)(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp, unsigned long attrs);
	void (*free)(struct device *dev, size_t size, void *vaddr, dma_addr_t dma_handle, unsigned long attrs);
	struct page *(*alloc_pages_op)(struct device *dev, size_t size, dma_addr_t *dma_handle,
				       enum dma_data_direction dir, gfp_t gfp);
	void (*free_pages)(struct device *dev, size_t size, struct page *vaddr, dma_addr_t dma_handle,
			   enum dma_data_direction dir);
	int (*mmap)(struct device *, struct vm_area_struct *, void *, dma_addr_t, size_t, unsigned long attrs);
	int (*get_sgtable)(struct device *dev, struct sg_table *sgt, void *cpu_addr, dma_addr_t dma_addr, size_t size,
			   unsigned long attrs);
	dma_addr_t (*map_page)(struct device *dev, struct page *page, unsigned long offset, size_t size,
			       enum dma_data_direction dir, unsigned long attrs);
	void (*unmap_page)(struct device *dev, dma_addr_t dma_handle, size_t size, enum dma_data_direction dir,
			   unsigned long attrs);
	dma_addr_t (*map_phys)(struct device *dev, phys_addr_t phys, size_t size, enum dma_data_direction dir,
			       unsigned long attrs);
	void (*unmap_phys)(struct device *dev, dma_addr_t dma_handle, size_t size, enum dma_data_direction dir,
			   unsigned long attrs);
	int (*map_sg)(struct device *dev, struct scatterlist *sg, int nents, enum dma_data_direction dir,
		      unsigned long attrs);
	void (*unmap_sg)(struct device *dev, struct scatterlist *sg, int nents, enum dma_data_direction dir,
			 unsigned long attrs);
	dma_addr_t (*map_resource)(struct device *dev, phys_addr_t phys_addr, size_t size, enum dma_data_direction dir,
				   unsigned long attrs);
	void (*unmap_resource)(struct device *dev, dma_addr_t dma_handle, size_t size, enum dma_data_direction dir,
			       unsigned long attrs);
	void (*sync_single_for_cpu)(struct device *dev, dma_addr_t dma_handle, size_t size, enum dma_data_direction dir);
	void (*sync_single_for_device)(struct device *dev, dma_addr_t dma_handle, size_t size,
				       enum dma_data_direction dir);
	void (*sync_sg_for_cpu)(struct device *dev, struct scatterlist *sg, int nents, enum dma_data_direction dir);
	void (*sync_sg_for_device)(struct device *dev, struct scatterlist *sg, int nents, enum dma_data_direction dir);
	void (*cache_sync)(struct device *dev, void *vaddr, size_t size, enum dma_data_direction direction);
	int (*dma_supported)(struct device *dev, u64 mask);
	u64 (*get_required_mask)(struct device *dev);
	size_t (*max_mapping_size)(struct device *dev);
	size_t (*opt_mapping_size)(void);
	unsigned long (*get_merge_boundary)(struct device *dev);
	unsigned int flags;
};
/* stub: ops_helpers.c's, which only dma_map_ops devices reach; kctx has none */
struct page *dma_common_alloc_pages(struct device *dev, size_t size, dma_addr_t *dma_handle,
				    enum dma_data_direction dir, gfp_t gfp);
void dma_common_free_pages(struct device *dev, size_t size, struct page *vaddr, dma_addr_t dma_handle,
			   enum dma_data_direction dir);
/* stub: kctx's devices are dma-direct or dma-iommu, never behind dma_map_ops */
static inline const struct dma_map_ops *get_dma_ops(struct device *dev) { (void)dev; return NULL; }
/* dup: kernel/dma/mapping.c's (ported) */
pgprot_t dma_pgprot(struct device *dev, pgprot_t prot, unsigned long attrs);
/*
 * model: arm64 selects DMA_BOUNCE_UNALIGNED_KMALLOC: a small kmalloc()
 * buffer a non-coherent device writes may share a cache line, and is
 * bounced (64-byte lines, ARCH_DMA_MINALIGN 128); x86 aligns kmalloc() to
 * the cache line instead.
 */
static inline bool dma_kmalloc_needs_bounce(struct device *dev, size_t size, enum dma_data_direction dir)
{
	if (!kshim_dma_direct_remap() || dev->dma_coherent || dir == DMA_TO_DEVICE)
		return false;
	size_t slab = 8;
	while (slab < size)
		slab <<= 1;
	return size < 2 * 128 && (slab & 63);
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
