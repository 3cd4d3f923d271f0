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

/*
 * dup: what the ported kernel/dma/pool.c and remap.c define, declared for
 * their callers.  The pool's check: does the device reach [phys, phys + len)?
 * (dma-direct passes dma_coherent_ok.)  7.3 passes the attributes too, and
 * frees by page.
 */
typedef bool (*dma_pool_phys_ok_t)(struct device *d, phys_addr_t phys, size_t len);
struct page *dma_alloc_from_pool(struct device *, size_t len, void **cpu, gfp_t, dma_pool_phys_ok_t);
struct page *dma_alloc_from_pool(struct device *, size_t len, void **cpu, gfp_t, unsigned long, dma_pool_phys_ok_t);
bool dma_free_from_pool(struct device *, void *cpu, size_t len);
bool dma_free_from_pool_page(struct device *, struct page *, size_t len);
struct page **dma_common_find_pages(void *cpu);
void *dma_common_pages_remap(struct page **, size_t len, pgprot_t, const void *caller);
void *dma_common_contiguous_remap(struct page *, size_t len, pgprot_t, const void *caller);
void dma_common_free_remap(void *cpu, size_t len);

/*
 * stub: kctx builds without CONFIG_DMA_CMA, CONFIG_DMA_DECLARE_COHERENT and
 * CONFIG_DMA_GLOBAL_POOL: no contiguous area, no per-device or global
 * coherent memory; each asks and gets nothing, as the kernel's own inlines
 * for those configurations answer.
 */
static inline struct cma *dev_get_cma_area(struct device *) { return NULL; }
static inline struct page *dma_alloc_from_contiguous(struct device *, size_t, unsigned int, bool) { return NULL; }
static inline struct page *dma_alloc_contiguous(struct device *, size_t, gfp_t) { return NULL; }
static inline int dma_alloc_from_dev_coherent(struct device *, ssize_t, dma_addr_t *, void **) { return 0; }
static inline int dma_release_from_dev_coherent(struct device *, int, void *) { return 0; }
static inline int dma_mmap_from_dev_coherent(struct device *, struct vm_area_struct *, void *, size_t, int *) { return 0; }
static inline void *dma_alloc_from_global_coherent(struct device *, ssize_t, dma_addr_t *) { return NULL; }
static inline int dma_release_from_global_coherent(int, void *) { return 0; }
static inline int dma_mmap_from_global_coherent(struct vm_area_struct *, void *, size_t, int *) { return 0; }
/* dup: without CMA, what the contiguous allocator frees goes back to the page allocator */
static inline void dma_free_contiguous(struct device *, struct page *pg, size_t len)
{
	__free_pages(pg, get_order(len));
}
/* C converts a page cookie held as void * implicitly (dma_direct_free() with DMA_ATTR_NO_KERNEL_MAPPING) */
static inline void dma_free_contiguous(struct device *d, void *cookie, size_t len)
{
	dma_free_contiguous(d, (struct page *)cookie, len);
}

/*
 * stub: hooks of architectures kctx does not model: x86 and arm64 select
 * none of ARCH_HAS_DMA_ALLOC, ARCH_HAS_DMA_SET_UNCACHED,
 * ARCH_HAS_DMA_CLEAR_UNCACHED, ARCH_HAS_DMA_MAP_DIRECT or
 * ARCH_HAS_DMA_SET_MASK; the DMA layer calls them only under IS_ENABLED()
 * of those, and the "direct" ones answer no.
 */
void *arch_dma_alloc(struct device *, size_t, dma_addr_t *, gfp_t, unsigned long);
void arch_dma_free(struct device *, size_t, void *, dma_addr_t, unsigned long);
void *arch_dma_set_uncached(void *cpu, size_t len);
void arch_dma_clear_uncached(void *cpu, size_t len);
#define arch_dma_set_mask(d, m)	do { } while (0)
static inline bool arch_dma_map_page_direct(struct device *, phys_addr_t) { return false; }
static inline bool arch_dma_unmap_page_direct(struct device *, dma_addr_t) { return false; }
static inline bool arch_dma_map_phys_direct(struct device *, phys_addr_t) { return false; }
static inline bool arch_dma_unmap_phys_direct(struct device *, dma_addr_t) { return false; }
static inline bool arch_dma_map_sg_direct(struct device *, struct scatterlist *, int) { return false; }
static inline bool arch_dma_unmap_sg_direct(struct device *, struct scatterlist *, int) { return false; }
static inline bool arch_dma_alloc_direct(struct device *) { return false; }
static inline bool arch_dma_free_direct(struct device *, dma_addr_t) { return false; }
/* stub: kctx models no CPU caches: nothing to prepare, write back or mark clean */
static inline void arch_dma_prep_coherent(struct page *, size_t) { }
static inline void arch_sync_dma_for_cpu_all(void) { }
static inline void arch_dma_mark_clean(phys_addr_t, size_t) { }

/*
 * dup: a dma_map_ops table, with every version's members (7.2 replaced
 * map_page and map_resource by map_phys).  kctx's devices are dma-direct or
 * dma-iommu: get_dma_ops() never returns one, and the DMA layer reads these
 * members only after it did.
 */
struct dma_map_ops {
	void *(*alloc)(struct device *, size_t, dma_addr_t *, gfp_t, unsigned long);
	void (*free)(struct device *, size_t, void *, dma_addr_t, unsigned long);
	struct page *(*alloc_pages_op)(struct device *, size_t, dma_addr_t *, kshim_dmadir_t, gfp_t);
	void (*free_pages)(struct device *, size_t, struct page *, dma_addr_t, kshim_dmadir_t);
	int (*mmap)(struct device *, struct vm_area_struct *, void *, dma_addr_t, size_t, unsigned long);
	int (*get_sgtable)(struct device *, struct sg_table *, void *, dma_addr_t, size_t, unsigned long);
	dma_addr_t (*map_page)(struct device *, struct page *, unsigned long, size_t, kshim_dmadir_t, unsigned long);
	void (*unmap_page)(struct device *, dma_addr_t, size_t, kshim_dmadir_t, unsigned long);
	dma_addr_t (*map_phys)(struct device *, phys_addr_t, size_t, kshim_dmadir_t, unsigned long);
	void (*unmap_phys)(struct device *, dma_addr_t, size_t, kshim_dmadir_t, unsigned long);
	int (*map_sg)(struct device *, struct scatterlist *, int, kshim_dmadir_t, unsigned long);
	void (*unmap_sg)(struct device *, struct scatterlist *, int, kshim_dmadir_t, unsigned long);
	dma_addr_t (*map_resource)(struct device *, phys_addr_t, size_t, kshim_dmadir_t, unsigned long);
	void (*unmap_resource)(struct device *, dma_addr_t, size_t, kshim_dmadir_t, unsigned long);
	void (*sync_single_for_cpu)(struct device *, dma_addr_t, size_t, kshim_dmadir_t);
	void (*sync_single_for_device)(struct device *, dma_addr_t, size_t, kshim_dmadir_t);
	void (*sync_sg_for_cpu)(struct device *, struct scatterlist *, int, kshim_dmadir_t);
	void (*sync_sg_for_device)(struct device *, struct scatterlist *, int, kshim_dmadir_t);
	void (*cache_sync)(struct device *, void *, size_t, kshim_dmadir_t);
	int (*dma_supported)(struct device *, u64);
	u64 (*get_required_mask)(struct device *);
	size_t (*max_mapping_size)(struct device *);
	size_t (*opt_mapping_size)();
	unsigned long (*get_merge_boundary)(struct device *);
	unsigned int flags;
};
/* stub: no device has dma_map_ops, so ops_helpers.c's helpers are never reached */
static inline const struct dma_map_ops *get_dma_ops(struct device *) { return NULL; }
struct page *dma_common_alloc_pages(struct device *, size_t, dma_addr_t *, kshim_dmadir_t, gfp_t);
void dma_common_free_pages(struct device *, size_t, struct page *, dma_addr_t, kshim_dmadir_t);
/* dup: kernel/dma/mapping.c's (ported) */
pgprot_t dma_pgprot(struct device *, pgprot_t, unsigned long attrs);
/*
 * model: arm64 selects DMA_BOUNCE_UNALIGNED_KMALLOC: a small kmalloc()
 * buffer a non-coherent device writes may share a cache line, and is
 * bounced (64-byte lines, ARCH_DMA_MINALIGN 128), unless the kmalloc caches
 * were aligned to the line at boot (kmalloc_size_roundup()); x86 aligns
 * kmalloc() to the cache line instead.
 */
static inline bool dma_kmalloc_needs_bounce(struct device *d, size_t len, kshim_dmadir_t dir)
{
	if (!kshim_dma_direct_remap() || d->dma_coherent || dir == DMA_TO_DEVICE)
		return false;
	return len < 2 * 128 && (kmalloc_size_roundup(len) & 63);
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
