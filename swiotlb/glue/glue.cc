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
 * these templates call whichever signature the variant has.
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

template <class Fn>
static dma_addr_t call_map(Fn fn, struct device *dev, phys_addr_t phys, size_t size, enum dma_data_direction d, unsigned long attrs)
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

uint64_t swiotlb_tbl_map(struct device *dev, uint64_t phys, size_t size, unsigned align_mask, int dir, unsigned long attrs)
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

} /* namespace kctx */

/* ---- the DMA API around swiotlb -------------------------------------------------------------- */
/*
 * Models of dma-direct, the bounce part of dma-iommu and the mapping.c
 * entry points, written for kctx: the behaviour swiotlb sees, under the
 * kernel's function names so that traces read as the kernel's.
 */

/* Always inlined: the kernel calls swiotlb_map() straight from dma_direct_map_page(), and traces must show no helper. */
static inline __attribute__((always_inline)) dma_addr_t do_swiotlb_map(struct device *d, phys_addr_t pa, size_t len,
									enum dma_data_direction dir, unsigned long attrs)
{
	return kctx::call_map(swiotlb_map, d, pa, len, dir, attrs);
}

static bool dev_is_untrusted(struct device *d)
{
	return d->kshim_untrusted;
}

static constexpr dma_addr_t kNoMapping = DMA_MAPPING_ERROR;

static bool skips_cpu_sync(unsigned long attrs)
{
	return attrs & DMA_ATTR_SKIP_CPU_SYNC;
}

static bool cpu_sync_wanted(struct device *d, unsigned long attrs)
{
	return !skips_cpu_sync(attrs) && !dev_is_dma_coherent(d);
}

/* The kernel's overflow warning, word for word: reports must read as the kernel's do. */
#define DMA_OVERFLOW_FMT "DMA addr %pad+%zu overflow (mask %llx, bus limit %llx).\n"

/* kernel/dma/direct.h: bounce when forced or when the device cannot reach the buffer. */
noinline static dma_addr_t dma_direct_map_page(struct device *d, struct page *pg, unsigned long off,
					       size_t len, enum dma_data_direction dir, unsigned long attrs)
{
	phys_addr_t pa = page_to_phys(pg) + off;
	dma_addr_t bus = phys_to_dma(d, pa);
	bool reachable = dma_capable(d, bus, len, true);

	if (is_swiotlb_force_bounce(d) || (!reachable && is_swiotlb_active(d)))
		return do_swiotlb_map(d, pa, len, dir, attrs);
	if (!reachable) {
		dev_WARN_ONCE(d, 1, DMA_OVERFLOW_FMT, &bus, len, *d->dma_mask, d->bus_dma_limit);
		return kNoMapping;
	}
	if (cpu_sync_wanted(d, attrs))
		arch_sync_dma_for_device(pa, len, dir);
	return bus;
}

/* Caches first, then the bounce copy back from the slots. */
noinline static void dma_direct_sync_single_for_cpu(struct device *d, dma_addr_t bus, size_t len, enum dma_data_direction dir)
{
	phys_addr_t pa = dma_to_phys(d, bus);
	if (cpu_sync_wanted(d, 0))
		arch_sync_dma_for_cpu(pa, len, dir);
	swiotlb_sync_single_for_cpu(d, pa, len, dir);
}

/* The bounce copy into the slots first, then caches. */
noinline static void dma_direct_sync_single_for_device(struct device *d, dma_addr_t bus, size_t len, enum dma_data_direction dir)
{
	phys_addr_t pa = dma_to_phys(d, bus);
	swiotlb_sync_single_for_device(d, pa, len, dir);
	if (cpu_sync_wanted(d, 0))
		arch_sync_dma_for_device(pa, len, dir);
}

/* The sync for the CPU happens here, so swiotlb is told to skip its own. */
noinline static void dma_direct_unmap_page(struct device *d, dma_addr_t bus, size_t len, enum dma_data_direction dir, unsigned long attrs)
{
	if (!skips_cpu_sync(attrs))
		dma_direct_sync_single_for_cpu(d, bus, len, dir);
	swiotlb_tbl_unmap_single(d, dma_to_phys(d, bus), len, dir, DMA_ATTR_SKIP_CPU_SYNC | attrs);
}

/*
 * drivers/iommu/dma-iommu.c, the part that matters to swiotlb: an untrusted
 * device's mapping that is not aligned to the IOVA granule is bounced, with
 * the granule as alloc_align_mask, and the padding is zeroed.  The IOMMU
 * itself is an identity map here.
 */
#define IOVA_GRANULE PAGE_SIZE

#define DMA_INACTIVE_MSG "DMA bounce buffers are inactive, unable to map unaligned transaction.\n"

noinline static dma_addr_t iommu_dma_map_page(struct device *d, struct page *pg, unsigned long off,
					      size_t len, enum dma_data_direction dir, unsigned long attrs)
{
	phys_addr_t pa = page_to_phys(pg) + off;
	bool aligned = ((pa | len) & (IOVA_GRANULE - 1)) == 0;

	if (!aligned) {
		if (!is_swiotlb_active(d)) {
			dev_warn_once(d, DMA_INACTIVE_MSG);
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

/*
 * Unlike dma-direct, dma-iommu leaves the copy back to swiotlb's unmap
 * (the caller's attrs pass through): one copy, not a sync and then an
 * unmap that skips its own.
 */
noinline static void iommu_dma_unmap_page(struct device *d, dma_addr_t iova, size_t len, enum dma_data_direction dir, unsigned long attrs)
{
	phys_addr_t pa = iova;	/* identity IOMMU */
	if (cpu_sync_wanted(d, attrs))
		arch_sync_dma_for_cpu(pa, len, dir);
	swiotlb_tbl_unmap_single(d, pa, len, dir, attrs);
}

/* Every untrusted device bounces (dev_use_swiotlb()), so the early return for coherent devices never applies. */
noinline static void iommu_dma_sync_single_for_cpu(struct device *d, dma_addr_t iova, size_t len, enum dma_data_direction dir)
{
	phys_addr_t pa = iova;
	if (cpu_sync_wanted(d, 0))
		arch_sync_dma_for_cpu(pa, len, dir);
	swiotlb_sync_single_for_cpu(d, pa, len, dir);
}

noinline static void iommu_dma_sync_single_for_device(struct device *d, dma_addr_t iova, size_t len, enum dma_data_direction dir)
{
	phys_addr_t pa = iova;
	swiotlb_sync_single_for_device(d, pa, len, dir);
	if (cpu_sync_wanted(d, 0))
		arch_sync_dma_for_device(pa, len, dir);
}

/* kernel/dma/mapping.c: check the direction, then dispatch to dma-iommu or dma-direct. */
static enum dma_data_direction checked_dir(int d)
{
	enum dma_data_direction dir = (enum dma_data_direction)d;
	BUG_ON(dir != DMA_BIDIRECTIONAL && dir != DMA_TO_DEVICE && dir != DMA_FROM_DEVICE);
	return dir;
}

noinline uint64_t dma_map_page_attrs(struct device *d, struct page *pg, size_t off, size_t len, int dirn, unsigned long attrs)
{
	enum dma_data_direction dir = checked_dir(dirn);
	if (WARN_ON_ONCE(d->dma_mask == nullptr))
		return kNoMapping;
	return dev_is_untrusted(d) ? iommu_dma_map_page(d, pg, off, len, dir, attrs)
				   : dma_direct_map_page(d, pg, off, len, dir, attrs);
}

noinline void dma_unmap_page_attrs(struct device *d, uint64_t bus, size_t len, int dirn, unsigned long attrs)
{
	enum dma_data_direction dir = checked_dir(dirn);
	if (dev_is_untrusted(d))
		iommu_dma_unmap_page(d, bus, len, dir, attrs);
	else
		dma_direct_unmap_page(d, bus, len, dir, attrs);
}

noinline void dma_sync_single_for_cpu(struct device *d, uint64_t bus, size_t len, int dirn)
{
	enum dma_data_direction dir = checked_dir(dirn);
	if (dev_is_untrusted(d))
		iommu_dma_sync_single_for_cpu(d, bus, len, dir);
	else
		dma_direct_sync_single_for_cpu(d, bus, len, dir);
}

noinline void dma_sync_single_for_device(struct device *d, uint64_t bus, size_t len, int dirn)
{
	enum dma_data_direction dir = checked_dir(dirn);
	if (dev_is_untrusted(d))
		iommu_dma_sync_single_for_device(d, bus, len, dir);
	else
		dma_direct_sync_single_for_device(d, bus, len, dir);
}

/*
 * Both scatterlist mappers, dma-direct's and dma-iommu's swiotlb one, map
 * entry by entry and unmap what they mapped, without syncing it, when an
 * entry fails.  Always inlined: traces show the kernel's two functions.
 */
template <class MapPage, class UnmapSg>
static inline __attribute__((always_inline)) int map_sg_entries(struct device *d, struct scatterlist *sgl, int count,
								enum dma_data_direction dir, unsigned long attrs,
								MapPage map_page, UnmapSg unmap_sg)
{
	int i = 0;
	for (; i < count; i++) {
		struct scatterlist *e = &sgl[i];
		dma_addr_t bus = map_page(d, sg_page(e), e->offset, e->length, dir, attrs);
		sg_dma_address(e) = bus;
		if (bus == DMA_MAPPING_ERROR) {
			unmap_sg(d, sgl, i, dir, attrs | DMA_ATTR_SKIP_CPU_SYNC);
			return -EIO;
		}
		sg_dma_len(e) = e->length;
	}
	return i;	/* every entry mapped */
}

/* kernel/dma/direct.c */
noinline static void dma_direct_unmap_sg(struct device *d, struct scatterlist *sgl, int nents,
					 enum dma_data_direction dir, unsigned long attrs)
{
	for (int i = 0; i < nents; i++)
		dma_direct_unmap_page(d, sgl[i].dma_address, sg_dma_len(&sgl[i]), dir, attrs);
}

noinline static int dma_direct_map_sg(struct device *d, struct scatterlist *sgl, int nents,
				      enum dma_data_direction dir, unsigned long attrs)
{
	return map_sg_entries(d, sgl, nents, dir, attrs, dma_direct_map_page, dma_direct_unmap_sg);
}

/* dma-iommu: an untrusted device's list always takes the swiotlb path (dev_use_sg_swiotlb()), entry by entry. */
noinline static void iommu_dma_unmap_sg_swiotlb(struct device *d, struct scatterlist *sgl, int nents,
						enum dma_data_direction dir, unsigned long attrs)
{
	for (int i = 0; i < nents; i++)
		iommu_dma_unmap_page(d, sg_dma_address(&sgl[i]), sg_dma_len(&sgl[i]), dir, attrs);
}

noinline static int iommu_dma_map_sg_swiotlb(struct device *d, struct scatterlist *sgl, int nents,
					     enum dma_data_direction dir, unsigned long attrs)
{
	sg_dma_mark_swiotlb(sgl);
	return map_sg_entries(d, sgl, nents, dir, attrs, iommu_dma_map_page, iommu_dma_unmap_sg_swiotlb);
}

noinline static int iommu_dma_map_sg(struct device *d, struct scatterlist *sgl, int nents, enum dma_data_direction dir,
				     unsigned long attrs)
{
	return iommu_dma_map_sg_swiotlb(d, sgl, nents, dir, attrs);
}

noinline static void iommu_dma_unmap_sg(struct device *d, struct scatterlist *sgl, int nents, enum dma_data_direction dir,
					unsigned long attrs)
{
	if (sg_dma_is_swiotlb(&sgl[0]))
		iommu_dma_unmap_sg_swiotlb(d, sgl, nents, dir, attrs);
}

/*
 * kernel/dma/direct.c's coherent allocator, on the one path that reaches
 * swiotlb: a device with a restricted pool (is_swiotlb_for_alloc()).  Such
 * an allocation never comes from the atomic pools (dma_direct_use_pool()),
 * so gfp changes nothing below.  Up to 7.2 the pages are then decrypted like
 * any other coherent allocation, although the pool is shared already, and
 * encrypted again before they go back; 7.3's cc_shared rework skips both
 * for swiotlb memory.  A non-coherent device on an architecture without
 * DMA_DIRECT_REMAP gets nothing; with it the pages would be vmap()ed, which
 * kctx does not model (the harness does not allocate there).
 */
/* What dma-direct prints when it gives up on pages it could not make private again. */
#define DMA_LEAK_MSG "leaking DMA memory that can't be re-encrypted\n"

/* Shared with the host only where the device cannot reach private memory. */
noinline static int dma_set_decrypted(struct device *d, void *va, size_t len)
{
	return force_dma_unencrypted(d) ? set_memory_decrypted((unsigned long)va, PFN_UP(len)) : 0;
}

noinline static int dma_set_encrypted(struct device *d, void *va, size_t len)
{
	int err = force_dma_unencrypted(d) ? set_memory_encrypted((unsigned long)va, PFN_UP(len)) : 0;
	if (err)
		pr_warn_ratelimited(DMA_LEAK_MSG);
	return err;
}

noinline static struct page *dma_direct_alloc_swiotlb(struct device *d, size_t len)
{
	struct page *pg = kctx::call_alloc(swiotlb_alloc, d, len);
	if (pg && !dma_coherent_ok(d, page_to_phys(pg), len)) {
		swiotlb_free(d, pg, len);
		return nullptr;
	}
	return pg;
}

noinline static void *dma_direct_alloc(struct device *d, size_t len, dma_addr_t *dma_handle)
{
	len = PAGE_ALIGN(len);
	if (!dev_is_dma_coherent(d) && !kshim::config().remap()) {
		pr_warn_once("coherent DMA allocations not supported on this platform.\n");
		return nullptr;
	}
	struct page *pg = dma_direct_alloc_swiotlb(d, len);	/* __dma_direct_alloc_pages() for a restricted pool */
	if (!pg)
		return nullptr;
	void *cpu = page_address(pg);
	if (!kctx::variant().cc_shared && dma_set_decrypted(d, cpu, len))
		return nullptr;	/* the pages are leaked: their state is unknown */
	memset(cpu, 0, len);
	*dma_handle = phys_to_dma_direct(d, page_to_phys(pg));
	return cpu;
}

noinline static void __dma_direct_free_pages(struct device *d, struct page *pg, size_t len)
{
	if (!swiotlb_free(d, pg, len))
		__free_pages(pg, get_order(len));	/* dma_free_contiguous() without CMA */
}

noinline static void dma_direct_free(struct device *d, size_t len, void *cpu, dma_addr_t dma_addr)
{
	if (dma_free_from_pool(d, cpu, PAGE_ALIGN(len)))
		return;
	phys_addr_t phys = dma_to_phys(d, dma_addr);
	bool swiotlb_memory = kctx::variant().cc_shared && swiotlb_find_pool(d, phys);
	if (!swiotlb_memory && dma_set_encrypted(d, cpu, len))
		return;
	__dma_direct_free_pages(d, pfn_to_page(PHYS_PFN(phys)), len);
}

/*
 * kernel/dma/mapping.c: dma-iommu allocates without swiotlb, so only
 * dma-direct's devices come here.  gfp and attrs never matter on this path
 * (a restricted pool is never served from the atomic pools).
 */
noinline void *dma_alloc_attrs(struct device *d, size_t len, uint64_t *dma_handle, unsigned gfp, unsigned long attrs)
{
	(void)gfp;
	(void)attrs;
	WARN_ON_ONCE(!d->coherent_dma_mask);
	dma_addr_t handle = DMA_MAPPING_ERROR;
	void *cpu = dma_direct_alloc(d, len, &handle);
	*dma_handle = handle;
	return cpu;
}

noinline void dma_free_attrs(struct device *d, size_t len, void *cpu, uint64_t dma_handle, unsigned long attrs)
{
	(void)attrs;
	dma_direct_free(d, len, cpu, dma_handle);
}

/* kernel/dma/mapping.c; the kernel's dma_map_sg_attrs() turns an error into 0 mapped entries. */
noinline static int __dma_map_sg_attrs(struct device *d, struct scatterlist *sgl, int nents, enum dma_data_direction dir,
				       unsigned long attrs)
{
	if (WARN_ON_ONCE(d->dma_mask == nullptr))
		return 0;
	return dev_is_untrusted(d) ? iommu_dma_map_sg(d, sgl, nents, dir, attrs)
				   : dma_direct_map_sg(d, sgl, nents, dir, attrs);
}

noinline unsigned int dma_map_sg_attrs(struct device *d, struct scatterlist *sgl, int nents, int dirn, unsigned long attrs)
{
	int mapped = __dma_map_sg_attrs(d, sgl, nents, checked_dir(dirn), attrs);
	return mapped > 0 ? mapped : 0;
}

noinline void dma_unmap_sg_attrs(struct device *d, struct scatterlist *sgl, int nents, int dirn, unsigned long attrs)
{
	enum dma_data_direction dir = checked_dir(dirn);
	if (dev_is_untrusted(d))
		iommu_dma_unmap_sg(d, sgl, nents, dir, attrs);
	else
		dma_direct_unmap_sg(d, sgl, nents, dir, attrs);
}
