// SPDX-License-Identifier: GPL-2.0
/*
 * The glue translation unit: it includes the generated port of
 * kernel/dma/swiotlb.c (so the file's statics are in scope, the way the
 * kernel's tools/testing harnesses reach them) and implements:
 *  - harness/swiotlb_api.h, the harness's view of the allocator and its
 *    door to the real DMA API (kernel/dma/mapping.c, ported on its own);
 *  - for untrusted devices, dma-iommu's bounce path
 *    (drivers/iommu/dma-iommu.c) with an identity IOVA mapping.
 * Everything here is compiled once per kernel variant, against that
 * variant's include/linux/swiotlb.h.
 */
#include <cstring>
#include <type_traits>
#include <string>
#include <vector>

#include "../../harness/swiotlb_api.h"

#include <kshim/kshim.h>

/*
 * The port's data goes in sections of its own: swiotlb_reset_globals()
 * restores them from a snapshot, so every run starts from the file's
 * initial state without editing the file.
 */
#pragma clang section bss = "kctx_port_bss" data = "kctx_port_data"
#include "swiotlb_port.cc"
#pragma clang section bss = "" data = ""

#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/iommu-dma.h>
#include <linux/scatterlist.h>

extern "C" char __start_kctx_port_data[], __stop_kctx_port_data[];
extern "C" char __start_kctx_port_bss[], __stop_kctx_port_bss[];

namespace kctx {

static std::vector<char> snap_data, snap_bss;

/*
 * The sections hold ASan redzones between the variables: copy without
 * checks (volatile, so that it does not become a memcpy() call, which ASan
 * intercepts), a word at a time, and without coverage edges: every run
 * does this.
 */
__attribute__((no_sanitize("address", "coverage"))) static void raw_copy(volatile char *dst, const volatile char *src,
									 size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8)
		*(volatile uint64_t *)(dst + i) = *(const volatile uint64_t *)(src + i);
	for (; i < n; i++)
		dst[i] = src[i];
}

void swiotlb_reset_globals()
{
	size_t nd = __stop_kctx_port_data - __start_kctx_port_data;
	size_t nb = __stop_kctx_port_bss - __start_kctx_port_bss;
	if (snap_data.size() != nd || snap_bss.size() != nb) {
		snap_data.resize(nd);
		snap_bss.resize(nb);
		raw_copy(snap_data.data(), __start_kctx_port_data, nd);
		raw_copy(snap_bss.data(), __start_kctx_port_bss, nb);
		return;
	}
	raw_copy(__start_kctx_port_data, snap_data.data(), nd);
	raw_copy(__start_kctx_port_bss, snap_bss.data(), nb);
}

template <class P> constexpr bool pool_has_rcu_head = requires(P p) { p.rcu; };
template <class M> constexpr bool mem_has_cc_shared = requires(M m) { m.cc_shared; };

const Variant &variant()
{
	static const Variant v = {
		KCTX_KERNEL_VERSION,
		{
#include "ported_files.inc"
		},
		{ "kernel/dma/swiotlb.c" },
#ifdef SWIOTLB_FORCE
		true,
#else
		false,
#endif
		!pool_has_rcu_head<struct io_tlb_pool>,
		mem_has_cc_shared<struct io_tlb_mem>,
	};
	return v;
}

void swiotlb_boot(bool addressing_limit, bool force, bool any, bool verbose)
{
	unsigned int f = (verbose ? SWIOTLB_VERBOSE : 0) | (any ? SWIOTLB_ANY : 0);
#ifdef SWIOTLB_FORCE
	if (force)
		f |= SWIOTLB_FORCE;
#else
	if (force)
		swiotlb_force_bounce = true;	/* 7.3 dropped the flag; the architectures set this instead */
#endif
	swiotlb_init(addressing_limit, f);
}

int swiotlb_late_init(size_t size, unsigned gfp)
{
	return swiotlb_init_late(size, gfp, NULL);
}

void swiotlb_arch_mem_encrypt_init()
{
	return swiotlb_update_mem_attributes();
}

void swiotlb_teardown()
{
	swiotlb_exit();
}

void swiotlb_pin_pool()
{
	default_swiotlb_base();
}

void swiotlb_setup_arch_size(unsigned long bytes)
{
	return swiotlb_adjust_size(bytes);
}

unsigned long swiotlb_default_size()
{
	return swiotlb_size_or_default();
}

uint64_t swiotlb_default_limit()
{
	return default_swiotlb_limit();
}

static unsigned long pool_used(struct io_tlb_pool *p)
{
	unsigned long n{};
	for (unsigned a = 0; a < p->nareas; a++)
		n += p->areas[a].used;
	return n;
}

static PoolView view_of(struct io_tlb_pool *pool, bool dev_pool)
{
	PoolView v;
	v.start = pool->start;
	v.end = pool->end;
	v.nslabs = pool->nslabs;
	v.nareas = pool->nareas;
	v.late_alloc = pool->late_alloc;
#if defined(CONFIG_SWIOTLB_DYNAMIC)
	v.transient = pool->transient;
#endif
	v.dev_pool = dev_pool;
	return v;
}

SwiotlbView swiotlb_view(struct device *dev)
{
	SwiotlbView v{};
	struct io_tlb_mem *mem = dev ? dev->dma_io_tlb_mem : &io_tlb_default_mem;
	if (!mem)
		mem = &io_tlb_default_mem;
	v.allocated = is_swiotlb_allocated();
	v.nslabs = mem->nslabs;
	v.force_bounce = mem->force_bounce;
#if defined(CONFIG_SWIOTLB_DYNAMIC)
	v.can_grow = mem->can_grow;
	v.phys_limit = mem->phys_limit;
#endif
#if defined(CONFIG_DEBUG_FS) /* the counters debugfs shows */
	v.total_used = atomic_long_read(&mem->total_used);
#if defined(CONFIG_SWIOTLB_DYNAMIC)
	v.transient_nslabs = atomic_long_read(&mem->transient_nslabs);
#endif
#endif
	struct io_tlb_pool *p;
#ifndef CONFIG_SWIOTLB_DYNAMIC
	v.pools.push_back(view_of(&mem->defpool, false));
	v.used += pool_used(&mem->defpool);
#else
	/* swiotlb_exit() zeroes the default pool but leaves it on the list: stop at a cleared node. */
	unsigned guard = 0;
	for (struct list_head *n = mem->pools.next; n && n != &mem->pools; n = n->next) {
		p = list_entry(n, struct io_tlb_pool, node);
		if (!p->nslabs)
			break;
		if (++guard > 4096) {
			kshim::harness_bug("swiotlb pool list corrupted", "the default pool list does not return to its head\n");
			break;
		}
		v.pools.push_back(view_of(p, false));
		v.used += pool_used(p);
	}
	if (dev && dev->dma_io_tlb_pools.next) {
		list_for_each_entry(p, &dev->dma_io_tlb_pools, node) {
			v.pools.push_back(view_of(p, true));
			v.used += pool_used(p);
		}
	}
#endif
	return v;
}

size_t swiotlb_max_mapping(struct device *d)
{
	size_t max = swiotlb_max_mapping_size(d);
	return max;
}

bool swiotlb_is_bounce_buffer(struct device *dev, uint64_t phys)
{
	return swiotlb_find_pool(dev, phys) != NULL;
}

bool swiotlb_active(struct device *dev)
{
	return is_swiotlb_active(dev);
}

/*
 * 7.3 passes the attributes by pointer (swiotlb may add DMA_ATTR_CC_SHARED);
 * this template calls whichever signature the variant has.
 */
template <class Fn>
static uint64_t call_tbl_map(Fn fn, struct device *dev, uint64_t phys, size_t size, unsigned mask,      enum dma_data_direction d, unsigned long attrs)
{
	if constexpr (std::is_invocable_v<Fn, struct device *, phys_addr_t, size_t, unsigned int,
					  enum dma_data_direction, unsigned long *>)
		return fn(dev, phys, size, mask, d, &attrs);
	else
		return fn(dev, phys, size, mask, d, attrs);
}

uint64_t swiotlb_tbl_map(struct device *dev, uint64_t phys, size_t size, unsigned align_mask, int dir, unsigned long attrs)
{
	return call_tbl_map(swiotlb_tbl_map_single, dev, phys, size, align_mask, (enum dma_data_direction)dir, attrs);
}

void swiotlb_tbl_unmap(struct device *dev, uint64_t tlb, size_t size, int dir, unsigned long attrs)
{
	swiotlb_tbl_unmap_single(dev, tlb, size, (enum dma_data_direction)dir, attrs);
}

} /* namespace kctx */

/* ---- dma-iommu's swiotlb path ------------------------------------------------------------------ */
/*
 * model: drivers/iommu/dma-iommu.c, the part that matters to swiotlb, for
 * kctx's untrusted devices (use_dma_iommu()): a mapping that is not aligned
 * to the IOVA granule is bounced, with the granule as alloc_align_mask, and
 * the padding is zeroed.  The IOMMU itself is an identity map.  Compiled per
 * variant against its swiotlb.h, so the bounce calls follow the version
 * under test; the real kernel/dma/mapping.c dispatches here.
 */
#define IOVA_GRANULE PAGE_SIZE
static constexpr dma_addr_t kNoMapping = DMA_MAPPING_ERROR;

static bool cpu_sync_wanted(struct device *d, unsigned long attrs)
{
	return !(attrs & DMA_ATTR_SKIP_CPU_SYNC) && !dev_is_dma_coherent(d);
}

/* always inlined: 6.12's iommu_dma_map_page() and 7.2's iommu_dma_map_phys() are each one frame */
static inline __attribute__((always_inline)) dma_addr_t iommu_bounce_map(struct device *d, phys_addr_t pa,
		size_t len, kshim_dmadir_t dir, unsigned long attrs)
{
	bool aligned = ((pa | len) & (IOVA_GRANULE - 1)) == 0;

	if (!aligned) {
		if (!is_swiotlb_active(d)) {
			dev_warn_once(d, "DMA bounce buffers are inactive, unable to map unaligned transaction.\n");
			return kNoMapping;
		}
		trace_swiotlb_bounced(d, pa, len);
		pa = kctx::swiotlb_tbl_map(d, pa, len, IOVA_GRANULE - 1, dir, attrs);
		if (pa == (phys_addr_t)DMA_MAPPING_ERROR)
			return kNoMapping;
		/* the rest of the granules around the bounce slot must not leak old data */
		uintptr_t va = (uintptr_t)phys_to_virt(pa);
		uintptr_t head = va & ~(uintptr_t)(IOVA_GRANULE - 1), end = va + len;
		memset((void *)head, 0, va - head);
		memset((void *)end, 0, ALIGN(end, IOVA_GRANULE) - end);
	}
	if (cpu_sync_wanted(d, attrs))
		arch_sync_dma_for_device(pa, len, dir);
	return pa;
}

noinline dma_addr_t iommu_dma_map_phys(struct device *d, phys_addr_t pa, size_t len, kshim_dmadir_t dir,
		unsigned long attrs)
{
	return iommu_bounce_map(d, pa, len, dir, attrs);
}

noinline dma_addr_t iommu_dma_map_page(struct device *d, struct page *pg, unsigned long off, size_t len,
		kshim_dmadir_t dir, unsigned long attrs)
{
	return iommu_bounce_map(d, page_to_phys(pg) + off, len, dir, attrs);
}

/* dma-iommu leaves the copy back to swiotlb's unmap (the caller's attrs pass through) */
static inline __attribute__((always_inline)) void iommu_bounce_unmap(struct device *d, dma_addr_t iova,
		size_t len, kshim_dmadir_t dir, unsigned long attrs)
{
	phys_addr_t pa = iova;	/* identity IOMMU */
	if (cpu_sync_wanted(d, attrs))
		arch_sync_dma_for_cpu(pa, len, dir);
	swiotlb_tbl_unmap_single(d, pa, len, dir, attrs);
}

noinline void iommu_dma_unmap_phys(struct device *d, dma_addr_t iova, size_t len, kshim_dmadir_t dir,
		unsigned long attrs)
{
	iommu_bounce_unmap(d, iova, len, dir, attrs);
}

noinline void iommu_dma_unmap_page(struct device *d, dma_addr_t iova, size_t len, kshim_dmadir_t dir,
		unsigned long attrs)
{
	iommu_bounce_unmap(d, iova, len, dir, attrs);
}

/* model: every untrusted device bounces (dev_use_swiotlb()), so the early return for coherent devices never applies */
noinline void iommu_dma_sync_single_for_cpu(struct device *d, dma_addr_t iova, size_t len, kshim_dmadir_t dir)
{
	phys_addr_t pa = iova;
	if (cpu_sync_wanted(d, 0))
		arch_sync_dma_for_cpu(pa, len, dir);
	swiotlb_sync_single_for_cpu(d, pa, len, dir);
}

noinline void iommu_dma_sync_single_for_device(struct device *d, dma_addr_t iova, size_t len, kshim_dmadir_t dir)
{
	phys_addr_t pa = iova;
	swiotlb_sync_single_for_device(d, pa, len, dir);
	if (cpu_sync_wanted(d, 0))
		arch_sync_dma_for_device(pa, len, dir);
}

/* model: an untrusted device's list always takes the swiotlb path (dev_use_sg_swiotlb()), entry by entry */
noinline static void iommu_dma_unmap_sg_swiotlb(struct device *d, struct scatterlist *sgl, int nents,
		kshim_dmadir_t dir, unsigned long attrs)
{
	for (int i = 0; i < nents; i++)
		iommu_dma_unmap_page(d, sg_dma_address(&sgl[i]), sg_dma_len(&sgl[i]), dir, attrs);
}

noinline static int iommu_dma_map_sg_swiotlb(struct device *d, struct scatterlist *sgl, int nents,
		kshim_dmadir_t dir, unsigned long attrs)
{
	sg_dma_mark_swiotlb(sgl);
	for (int i = 0; i < nents; i++) {
		struct scatterlist *e = &sgl[i];
		sg_dma_address(e) = iommu_dma_map_page(d, sg_page(e), e->offset, e->length, dir, attrs);
		if (sg_dma_address(e) == DMA_MAPPING_ERROR) {
			iommu_dma_unmap_sg_swiotlb(d, sgl, i, dir, attrs | DMA_ATTR_SKIP_CPU_SYNC);
			return -EIO;
		}
		sg_dma_len(e) = e->length;
	}
	return nents;
}

noinline int iommu_dma_map_sg(struct device *d, struct scatterlist *sgl, int nents, kshim_dmadir_t dir,
		unsigned long attrs)
{
	return iommu_dma_map_sg_swiotlb(d, sgl, nents, dir, attrs);
}

noinline void iommu_dma_unmap_sg(struct device *d, struct scatterlist *sgl, int nents, kshim_dmadir_t dir,
		unsigned long attrs)
{
	if (sg_dma_is_swiotlb(&sgl[0]))
		iommu_dma_unmap_sg_swiotlb(d, sgl, nents, dir, attrs);
}

/* model */
void iommu_dma_sync_sg_for_cpu(struct device *d, struct scatterlist *sgl, int nelems, kshim_dmadir_t dir)
{
	for (int i = 0; i < nelems; i++)
		iommu_dma_sync_single_for_cpu(d, sg_dma_address(&sgl[i]), sgl[i].length, dir);
}

void iommu_dma_sync_sg_for_device(struct device *d, struct scatterlist *sgl, int nelems, kshim_dmadir_t dir)
{
	for (int i = 0; i < nelems; i++)
		iommu_dma_sync_single_for_device(d, sg_dma_address(&sgl[i]), sgl[i].length, dir);
}

/*
 * stub: the rest of dma-iommu.  The harness allocates coherent memory and
 * maps resources only for dma-direct devices; an untrusted device that got
 * here would get nothing, as from an IOMMU out of space.
 */
dma_addr_t iommu_dma_map_resource(struct device *, phys_addr_t, size_t, kshim_dmadir_t, unsigned long)
{
	return kNoMapping;
}
void iommu_dma_unmap_resource(struct device *, dma_addr_t, size_t, kshim_dmadir_t, unsigned long) {}
void *iommu_dma_alloc(struct device *, size_t, dma_addr_t *, gfp_t, unsigned long)
{
	return NULL;
}
void iommu_dma_free(struct device *, size_t, void *, dma_addr_t, unsigned long) {}
int iommu_dma_mmap(struct device *, struct vm_area_struct *, void *, dma_addr_t, size_t, unsigned long)
{
	return -ENXIO;
}
int iommu_dma_get_sgtable(struct device *, struct sg_table *, void *, dma_addr_t, size_t, unsigned long)
{
	return -ENXIO;
}
unsigned long iommu_dma_get_merge_boundary(struct device *)
{
	return 0;
}
size_t iommu_dma_opt_mapping_size()
{
	return 0;
}
size_t iommu_dma_max_mapping_size(struct device *d)
{
	return swiotlb_max_mapping_size(d);
}
void iommu_dma_free_noncontiguous(struct device *, size_t, struct sg_table *, kshim_dmadir_t) {}
struct sg_table *iommu_dma_alloc_noncontiguous(struct device *, size_t, kshim_dmadir_t, gfp_t,
					       unsigned long)
{
	return NULL;
}
void *iommu_dma_vmap_noncontiguous(struct device *, size_t, struct sg_table *)
{
	return NULL;
}
int iommu_dma_mmap_noncontiguous(struct device *, struct vm_area_struct *, size_t, struct sg_table *)
{
	return -ENXIO;
}

/* ---- the harness's door to the real DMA API (harness/swiotlb_api.h) -------------------------- */
/*
 * Compiled per variant, so the harness needs no kernel types and does not
 * depend on a version's signatures.  Their kctx_ names mark them as
 * harness frames: a report's title names the kernel function they call.
 */
noinline uint64_t kctx_dma_map_page_attrs(struct device *d, struct page *pg, size_t off, size_t len, int dir,
					  unsigned long attrs)
{
	return dma_map_page_attrs(d, pg, off, len, (enum dma_data_direction)dir, attrs);
}

noinline void kctx_dma_unmap_page_attrs(struct device *d, uint64_t addr, size_t len, int dir, unsigned long attrs)
{
	dma_unmap_page_attrs(d, addr, len, (enum dma_data_direction)dir, attrs);
}

noinline void kctx_dma_sync_single_for_cpu(struct device *d, uint64_t addr, size_t len, int dir)
{
	dma_sync_single_for_cpu(d, addr, len, (enum dma_data_direction)dir);
}

noinline void kctx_dma_sync_single_for_device(struct device *d, uint64_t addr, size_t len, int dir)
{
	dma_sync_single_for_device(d, addr, len, (enum dma_data_direction)dir);
}

noinline unsigned int kctx_dma_map_sg_attrs(struct device *d, struct scatterlist *sg, int nents, int dir,
					    unsigned long attrs)
{
	return dma_map_sg_attrs(d, sg, nents, (enum dma_data_direction)dir, attrs);
}

noinline void kctx_dma_unmap_sg_attrs(struct device *d, struct scatterlist *sg, int nents, int dir,
				      unsigned long attrs)
{
	dma_unmap_sg_attrs(d, sg, nents, (enum dma_data_direction)dir, attrs);
}

noinline void kctx_dma_sync_sg_for_cpu(struct device *d, struct scatterlist *sg, int nents, int dir)
{
	dma_sync_sg_for_cpu(d, sg, nents, (enum dma_data_direction)dir);
}

noinline void kctx_dma_sync_sg_for_device(struct device *d, struct scatterlist *sg, int nents, int dir)
{
	dma_sync_sg_for_device(d, sg, nents, (enum dma_data_direction)dir);
}

noinline void *kctx_dma_alloc_attrs(struct device *d, size_t len, uint64_t *dma_handle, unsigned gfp,
				    unsigned long attrs)
{
	dma_addr_t h = DMA_MAPPING_ERROR;
	void *cpu = dma_alloc_attrs(d, len, &h, gfp, attrs);
	*dma_handle = h;
	return cpu;
}

noinline void kctx_dma_free_attrs(struct device *d, size_t len, void *cpu, uint64_t dma_handle, unsigned long attrs)
{
	dma_free_attrs(d, len, cpu, dma_handle, attrs);
}

noinline int kctx_dma_set_masks(struct device *d, uint64_t mask, uint64_t coherent_mask)
{
	int ret = dma_set_mask(d, mask);
	return ret ? ret : dma_set_coherent_mask(d, coherent_mask);
}

noinline struct page *kctx_dma_alloc_pages(struct device *d, size_t len, uint64_t *dma_handle, int dir, unsigned gfp)
{
	dma_addr_t h = DMA_MAPPING_ERROR;
	struct page *pg = dma_alloc_pages(d, len, &h, (enum dma_data_direction)dir, gfp);
	*dma_handle = h;
	return pg;
}

noinline void kctx_dma_free_pages(struct device *d, size_t len, struct page *pg, uint64_t dma_handle, int dir)
{
	dma_free_pages(d, len, pg, dma_handle, (enum dma_data_direction)dir);
}

noinline struct page *kctx_dma_sgtable_page(struct device *d, void *cpu, uint64_t dma_handle, size_t size,
					    unsigned long attrs, bool *can_mmap)
{
	struct sg_table sgt;
	struct page *pg = NULL;
	if (dma_get_sgtable_attrs(d, &sgt, cpu, dma_handle, size, attrs) == 0) {
		pg = sg_page(sgt.sgl);
		sg_free_table(&sgt);
	}
	*can_mmap = dma_can_mmap(d);
	return pg;
}

noinline uint64_t kctx_dma_map_resource(struct device *d, uint64_t phys, size_t len, int dir, unsigned long attrs)
{
	return dma_map_resource(d, phys, len, (enum dma_data_direction)dir, attrs);
}

noinline void kctx_dma_unmap_resource(struct device *d, uint64_t addr, size_t len, int dir, unsigned long attrs)
{
	dma_unmap_resource(d, addr, len, (enum dma_data_direction)dir, attrs);
}

noinline DmaLimits kctx_dma_limits(struct device *d)
{
	DmaLimits l;
	l.required_mask = dma_get_required_mask(d);
	l.addressing_limited = dma_addressing_limited(d);
	l.max_mapping = dma_max_mapping_size(d);
	l.opt_mapping = dma_opt_mapping_size(d);
	return l;
}

noinline bool kctx_dma_need_sync(struct device *d, uint64_t dma)
{
	return dma_need_sync(d, dma);
}
