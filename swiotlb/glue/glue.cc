// SPDX-License-Identifier: GPL-2.0
/*
 * The glue translation unit: it includes the generated port of
 * kernel/dma/swiotlb.c (so the file's statics are in scope, the way the
 * kernel's tools/testing harnesses reach them) and implements:
 *  - harness/swiotlb_api.h, the harness's view of the allocator;
 *  - the DMA API entry points around swiotlb: dma-direct
 *    (kernel/dma/direct.h) and, for untrusted devices, dma-iommu's bounce
 *    path (drivers/iommu/dma-iommu.c) with an identity IOVA mapping.
 * Everything here is compiled once per kernel variant, against that
 * variant's include/linux/swiotlb.h.
 */
#include <cstring>
#include <type_traits>
#include <string>
#include <vector>

#include "../../harness/swiotlb_api.h"

namespace kshim {
void harness_bug(const std::string &title_suffix, const std::string &body);	/* kshim/kshim.h */
}

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
#include <linux/scatterlist.h>

extern "C" char __start_kctx_port_data[], __stop_kctx_port_data[];
extern "C" char __start_kctx_port_bss[], __stop_kctx_port_bss[];

namespace kctx {

static std::vector<char> snap_data, snap_bss;

/* The sections hold ASan redzones between the variables: copy without checks. */
__attribute__((no_sanitize("address"))) static void raw_copy(volatile char *dst, const volatile char *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
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
	unsigned int flags = 0;
	if (verbose)
		flags |= SWIOTLB_VERBOSE;
	if (any)
		flags |= SWIOTLB_ANY;
#ifdef SWIOTLB_FORCE
	if (force)
		flags |= SWIOTLB_FORCE;
#else
	if (force)
		swiotlb_force_bounce = true;	/* 7.3 dropped the flag; the architectures set this instead */
#endif
	swiotlb_init(addressing_limit, flags);
}

int swiotlb_late_init(size_t size, unsigned gfp)
{
	return swiotlb_init_late(size, gfp, NULL);
}

void swiotlb_arch_mem_encrypt_init()
{
	swiotlb_update_mem_attributes();
}

void swiotlb_teardown()
{
	swiotlb_exit();
}

void swiotlb_pin_pool()
{
	default_swiotlb_base();
}

void swiotlb_setup_arch_size(unsigned long size)
{
	swiotlb_adjust_size(size);
}

unsigned long swiotlb_default_size()
{
	return swiotlb_size_or_default();
}

uint64_t swiotlb_default_limit()
{
	return default_swiotlb_limit();
}

static unsigned long pool_used(struct io_tlb_pool *pool)
{
	unsigned long used = 0;
	for (unsigned i = 0; i < pool->nareas; i++)
		used += pool->areas[i].used;
	return used;
}

static PoolView view_of(struct io_tlb_pool *pool, bool dev_pool)
{
	PoolView v;
	v.start = pool->start;
	v.end = pool->end;
	v.nslabs = pool->nslabs;
	v.nareas = pool->nareas;
	v.late_alloc = pool->late_alloc;
#ifdef CONFIG_SWIOTLB_DYNAMIC
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
#ifdef CONFIG_SWIOTLB_DYNAMIC
	v.can_grow = mem->can_grow;
	v.phys_limit = mem->phys_limit;
#endif
#ifdef CONFIG_DEBUG_FS
	v.total_used = atomic_long_read(&mem->total_used);
#if defined(CONFIG_SWIOTLB_DYNAMIC)
	v.transient_nslabs = atomic_long_read(&mem->transient_nslabs);
#endif
#endif
	struct io_tlb_pool *pool;
#ifndef CONFIG_SWIOTLB_DYNAMIC
	v.pools.push_back(view_of(&mem->defpool, false));
	v.used += pool_used(&mem->defpool);
#else
	/* swiotlb_exit() zeroes the default pool but leaves it on the list: stop at a cleared node. */
	unsigned guard = 0;
	for (struct list_head *n = mem->pools.next; n && n != &mem->pools; n = n->next) {
		pool = list_entry(n, struct io_tlb_pool, node);
		if (!pool->nslabs)
			break;
		if (++guard > 4096) {
			kshim::harness_bug("swiotlb pool list corrupted", "the default pool list does not return to its head\n");
			break;
		}
		v.pools.push_back(view_of(pool, false));
		v.used += pool_used(pool);
	}
	if (dev && dev->dma_io_tlb_pools.next) {
		list_for_each_entry(pool, &dev->dma_io_tlb_pools, node) {
			v.pools.push_back(view_of(pool, true));
			v.used += pool_used(pool);
		}
	}
#endif
	return v;
}

size_t swiotlb_max_mapping(struct device *dev)
{
	return swiotlb_max_mapping_size(dev);
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
 * these templates call whichever signature the variant has.
 */
template <class Fn>
static uint64_t call_tbl_map(Fn fn, struct device *dev, uint64_t phys, size_t size, unsigned mask,
			     enum dma_data_direction d, unsigned long attrs)
{
	if constexpr (std::is_invocable_v<Fn, struct device *, phys_addr_t, size_t, unsigned int,
					  enum dma_data_direction, unsigned long *>)
		return fn(dev, phys, size, mask, d, &attrs);
	else
		return fn(dev, phys, size, mask, d, attrs);
}

template <class Fn>
static dma_addr_t call_map(Fn fn, struct device *dev, phys_addr_t phys, size_t size, enum dma_data_direction d,
			   unsigned long attrs)
{
	if constexpr (std::is_invocable_v<Fn, struct device *, phys_addr_t, size_t, enum dma_data_direction,
					  unsigned long *>)
		return fn(dev, phys, size, d, &attrs);
	else
		return fn(dev, phys, size, d, attrs);
}

template <class Fn>
static struct page *call_alloc(Fn fn, struct device *dev, size_t size)
{
	if constexpr (std::is_invocable_v<Fn, struct device *, size_t, unsigned long>)
		return fn(dev, size, 0);
	else
		return fn(dev, size);
}

uint64_t swiotlb_tbl_map(struct device *dev, uint64_t phys, size_t size, unsigned align_mask, int dir,
			 unsigned long attrs)
{
	return call_tbl_map(swiotlb_tbl_map_single, dev, phys, size, align_mask, (enum dma_data_direction)dir, attrs);
}

void swiotlb_tbl_unmap(struct device *dev, uint64_t tlb, size_t size, int dir, unsigned long attrs)
{
	swiotlb_tbl_unmap_single(dev, tlb, size, (enum dma_data_direction)dir, attrs);
}

bool swiotlb_for_alloc(struct device *dev)
{
	return is_swiotlb_for_alloc(dev);
}

struct page *swiotlb_pool_alloc(struct device *dev, size_t size)
{
	return call_alloc(swiotlb_alloc, dev, size);
}

bool swiotlb_pool_free(struct device *dev, struct page *page, size_t size)
{
	return swiotlb_free(dev, page, size);
}

} /* namespace kctx */

/* ---- the DMA API around swiotlb -------------------------------------------------------------- */

static dma_addr_t do_swiotlb_map(struct device *dev, phys_addr_t phys, size_t size, enum dma_data_direction dir,
				 unsigned long attrs)
{
	return kctx::call_map(swiotlb_map, dev, phys, size, dir, attrs);
}

static bool dev_is_untrusted(struct device *dev)
{
	return dev->kshim_untrusted;
}

/* kernel/dma/direct.h */
noinline static dma_addr_t dma_direct_map_page(struct device *dev, struct page *page, unsigned long offset,
					       size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	phys_addr_t phys = page_to_phys(page) + offset;
	dma_addr_t dma_addr = phys_to_dma(dev, phys);

	if (is_swiotlb_force_bounce(dev))
		return do_swiotlb_map(dev, phys, size, dir, attrs);

	if (unlikely(!dma_capable(dev, dma_addr, size, true))) {
		if (is_swiotlb_active(dev))
			return do_swiotlb_map(dev, phys, size, dir, attrs);
		dev_WARN_ONCE(dev, 1, "DMA addr %pad+%zu overflow (mask %llx, bus limit %llx).\n", &dma_addr, size,
			      *dev->dma_mask, dev->bus_dma_limit);
		return DMA_MAPPING_ERROR;
	}

	if (!dev_is_dma_coherent(dev) && !(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		arch_sync_dma_for_device(phys, size, dir);
	return dma_addr;
}

noinline static void dma_direct_sync_single_for_cpu(struct device *dev, dma_addr_t addr, size_t size,
						    enum dma_data_direction dir)
{
	phys_addr_t paddr = dma_to_phys(dev, addr);

	if (!dev_is_dma_coherent(dev))
		arch_sync_dma_for_cpu(paddr, size, dir);
	swiotlb_sync_single_for_cpu(dev, paddr, size, dir);
}

noinline static void dma_direct_sync_single_for_device(struct device *dev, dma_addr_t addr, size_t size,
						       enum dma_data_direction dir)
{
	phys_addr_t paddr = dma_to_phys(dev, addr);

	swiotlb_sync_single_for_device(dev, paddr, size, dir);
	if (!dev_is_dma_coherent(dev))
		arch_sync_dma_for_device(paddr, size, dir);
}

noinline static void dma_direct_unmap_page(struct device *dev, dma_addr_t addr, size_t size,
					   enum dma_data_direction dir, unsigned long attrs)
{
	phys_addr_t phys = dma_to_phys(dev, addr);

	if (!(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		dma_direct_sync_single_for_cpu(dev, addr, size, dir);
	swiotlb_tbl_unmap_single(dev, phys, size, dir, attrs | DMA_ATTR_SKIP_CPU_SYNC);
}

/*
 * drivers/iommu/dma-iommu.c, the part that matters to swiotlb: an untrusted
 * device's mapping that is not aligned to the IOVA granule is bounced, with
 * the granule as alloc_align_mask, and the padding is zeroed.  The IOMMU
 * itself is an identity map here.
 */
#define IOVA_GRANULE PAGE_SIZE

noinline static dma_addr_t iommu_dma_map_page(struct device *dev, struct page *page, unsigned long offset,
					      size_t size, enum dma_data_direction dir, unsigned long attrs)
{
	phys_addr_t phys = page_to_phys(page) + offset;

	if (((phys | size) & (IOVA_GRANULE - 1))) {
		if (!is_swiotlb_active(dev)) {
			dev_warn_ratelimited(dev, "DMA bounce buffers are inactive, unable to map unaligned transaction.\n");
			return DMA_MAPPING_ERROR;
		}
		trace_swiotlb_bounced(dev, phys, size);
		phys = kctx::swiotlb_tbl_map(dev, phys, size, IOVA_GRANULE - 1, dir, attrs);
		if (phys == (phys_addr_t)DMA_MAPPING_ERROR)
			return DMA_MAPPING_ERROR;
		size_t virt = (size_t)phys_to_virt(phys);
		size_t start = virt & ~(IOVA_GRANULE - 1);
		memset((void *)start, 0, virt - start);
		start = virt + size;
		memset((void *)start, 0, ALIGN(start, IOVA_GRANULE) - start);
	}
	if (!dev_is_dma_coherent(dev) && !(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		arch_sync_dma_for_device(phys, size, dir);
	return phys;
}

noinline static void iommu_dma_unmap_page(struct device *dev, dma_addr_t dma_handle, size_t size,
					  enum dma_data_direction dir, unsigned long attrs)
{
	phys_addr_t phys = dma_handle;

	if (!(attrs & DMA_ATTR_SKIP_CPU_SYNC))
		swiotlb_sync_single_for_cpu(dev, phys, size, dir);
	swiotlb_tbl_unmap_single(dev, phys, size, dir, attrs | DMA_ATTR_SKIP_CPU_SYNC);
}

/* kernel/dma/mapping.c */
noinline uint64_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset, size_t size, int d,
				     unsigned long attrs)
{
	enum dma_data_direction dir = (enum dma_data_direction)d;
	BUG_ON(!valid_dma_direction(dir));
	if (WARN_ON_ONCE(!dev->dma_mask))
		return DMA_MAPPING_ERROR;
	if (dev_is_untrusted(dev))
		return iommu_dma_map_page(dev, page, offset, size, dir, attrs);
	return dma_direct_map_page(dev, page, offset, size, dir, attrs);
}

noinline void dma_unmap_page_attrs(struct device *dev, uint64_t addr, size_t size, int d, unsigned long attrs)
{
	enum dma_data_direction dir = (enum dma_data_direction)d;
	BUG_ON(!valid_dma_direction(dir));
	if (dev_is_untrusted(dev))
		iommu_dma_unmap_page(dev, addr, size, dir, attrs);
	else
		dma_direct_unmap_page(dev, addr, size, dir, attrs);
}

noinline void dma_sync_single_for_cpu(struct device *dev, uint64_t addr, size_t size, int d)
{
	enum dma_data_direction dir = (enum dma_data_direction)d;
	BUG_ON(!valid_dma_direction(dir));
	dma_direct_sync_single_for_cpu(dev, addr, size, dir);
}

noinline void dma_sync_single_for_device(struct device *dev, uint64_t addr, size_t size, int d)
{
	enum dma_data_direction dir = (enum dma_data_direction)d;
	BUG_ON(!valid_dma_direction(dir));
	dma_direct_sync_single_for_device(dev, addr, size, dir);
}

noinline int dma_map_sg_attrs(struct device *dev, struct scatterlist *sgl, int nents, int d, unsigned long attrs)
{
	enum dma_data_direction dir = (enum dma_data_direction)d;
	int i;

	BUG_ON(!valid_dma_direction(dir));
	for (i = 0; i < nents; i++) {
		struct scatterlist *sg = &sgl[i];
		sg->dma_address = dma_map_page_attrs(dev, sg_page(sg), sg->offset, sg->length, dir, attrs);
		if (sg->dma_address == DMA_MAPPING_ERROR)
			goto out_unmap;
		sg_dma_len(sg) = sg->length;
	}
	return nents;

out_unmap:
	dma_unmap_sg_attrs(dev, sgl, i, dir, attrs | DMA_ATTR_SKIP_CPU_SYNC);
	return -EIO;
}

noinline void dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sgl, int nents, int d, unsigned long attrs)
{
	for (int i = 0; i < nents; i++)
		dma_unmap_page_attrs(dev, sgl[i].dma_address, sg_dma_len(&sgl[i]), d, attrs);
}
