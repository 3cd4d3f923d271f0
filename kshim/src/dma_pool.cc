// SPDX-License-Identifier: GPL-2.0
/*
 * kshim atomic coherent pools, after kernel/dma/pool.c: one pool per zone
 * (kernel, DMA32, DMA), filled at boot with decrypted pages, grown from a
 * work item when they run low, never shrunk.  Allocation is gen_pool's
 * order-aligned first fit; dma_free_from_pool() finds the owner by virtual
 * address.  With DMA_DIRECT_REMAP a pool's memory is known by a remapped
 * alias: the same memfd pages mapped a second time in a vmalloc-like area,
 * so phys_to_virt() of pool memory gives the linear address, not the alias.
 */
#include "sched.h"
#include "mem.h"

#include <linux/bug.h>
#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/printk.h>
#include <linux/set_memory.h>
#include <linux/workqueue.h>

#include <algorithm>
#include <cstring>
#include <sys/mman.h>

namespace kshim {

struct Chunk {
	uintptr_t vaddr;	/* what gen_pool knows: the alias or the linear address */
	uint64_t phys;
	size_t size;
	std::vector<bool> used;	/* per page */
	bool alias;
};

struct GenPool {
	const char *name;
	gfp_t gfp;
	std::vector<Chunk> chunks;
	bool present;
};

static GenPool pools[3];	/* kernel, dma32, dma: the order of dma_guess_pool() */
static size_t atomic_pool_size;			/* the low-water mark of every pool */
static struct work_struct atomic_pool_work;		/* grows the pools that run low */
static uintptr_t alias_next;

struct AliasMap {
	uintptr_t va;
	uint64_t phys;
	size_t size;
};
static std::vector<AliasMap> aliases;	/* this boot's */
/*
 * Host mappings outlive the boot that made them: every boot of the same
 * machine asks for the same aliases, and a mapping kept is two system calls
 * and a page fault per page saved.  Between boots they are poisoned.
 */
static std::vector<AliasMap> host_maps;

void drop_alias_maps()
{
	for (const AliasMap &m : host_maps)
		munmap((void *)m.va, m.size);
	host_maps.clear();
}

uint64_t alias_to_phys(uintptr_t vaddr, bool *ok)
{
	for (const AliasMap &a : aliases)
		if (vaddr >= a.va && vaddr < a.va + a.size) {
			*ok = true;
			return a.phys + (vaddr - a.va);
		}
	*ok = false;
	return 0;
}

static size_t avail(const GenPool &p)
{
	size_t n = 0;
	for (const Chunk &c : p.chunks)
		for (bool u : c.used)
			n += !u;
	return n << PAGE_SHIFT;
}

static size_t total(const GenPool &p)
{
	size_t n = 0;
	for (const Chunk &c : p.chunks)
		n += c.size;
	return n;
}

/* dma_common_contiguous_remap(): map the same physical pages at a second address. */
static uintptr_t remap_alias(uint64_t phys, size_t size)
{
	Bank *b = bank_of_pfn(phys >> PAGE_SHIFT);
	uintptr_t va = KSHIM_VMALLOC_START + alias_next;
	alias_next += size + PAGE_SIZE;	/* a guard gap, like vmalloc's */
	AliasMap want = { va, phys, size };
	auto same = std::find_if(host_maps.begin(), host_maps.end(), [&](const AliasMap &m) {
		return m.va == va && m.phys == phys && m.size == size;
	});
	if (same == host_maps.end()) {
		std::erase_if(host_maps, [&](const AliasMap &m) {
			if (m.va >= va + size || m.va + m.size <= va)
				return false;
			munmap((void *)m.va, m.size);
			return true;
		});
		void *p = mmap((void *)va, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, b->memfd,
			       (off_t)(phys - b->base));
		if (p == MAP_FAILED) {
			perror("kshim: remap alias");
			abort();
		}
		host_maps.push_back(want);
	}
	UNPOISON((void *)va, size);
	aliases.push_back(want);
	return va;
}

static int atomic_pool_expand(GenPool &pool, size_t pool_size, gfp_t gfp)
{
	unsigned order = std::min((unsigned)get_order(pool_size), (unsigned)MAX_PAGE_ORDER);
	struct page *page = nullptr;
	/* the largest block the allocator gives, halving down to one page */
	for (;;) {
		pool_size = PAGE_SIZE << order;
		page = alloc_pages(__GFP_NOWARN | gfp, order);
		if (page || order == 0)
			break;
		order--;
	}
	if (!page)
		return -ENOMEM;
	uint64_t phys = page_to_phys(page);
	bool alias = sim.cfg.remap();
	uintptr_t addr = alias ? remap_alias(phys, pool_size) : (uintptr_t)page_to_virt(page);
	int ret = set_memory_decrypted((unsigned long)page_to_virt(page), 1 << order);
	if (ret) {
		__free_pages(page, order);	/* still private: safe to give back */
		return ret;
	}
	set_owner(page, 1UL << order, PageOwner::atomic_pool);
	Chunk c;
	c.vaddr = addr;
	c.phys = phys;
	c.size = pool_size;
	c.used.assign(pool_size >> PAGE_SHIFT, false);
	c.alias = alias;
	pool.chunks.push_back(std::move(c));
	return 0;
}

static void atomic_pool_resize(GenPool &pool)
{
	if (pool.present && avail(pool) < atomic_pool_size)
		atomic_pool_expand(pool, total(pool), pool.gfp);
}

static void atomic_pool_work_fn(struct work_struct *)
{
	atomic_pool_resize(pools[2]);
	atomic_pool_resize(pools[1]);
	atomic_pool_resize(pools[0]);
}

void atomic_pool_boot()
{
	for (const AliasMap &m : host_maps)
		POISON((void *)m.va, m.size);
	aliases.clear();
	alias_next = 0;
	atomic_pool_size = sim.cfg.atomic_pool_size;
	INIT_WORK(&atomic_pool_work, &atomic_pool_work_fn);
	const char *names[3] = { "GFP_KERNEL", "GFP_KERNEL|GFP_DMA32", "GFP_KERNEL|GFP_DMA" };
	gfp_t gfps[3] = { GFP_KERNEL, GFP_KERNEL | GFP_DMA32, GFP_KERNEL | GFP_DMA };
	for (int i = 0; i < 3; i++) {
		GenPool &p = pools[i];
		p.name = names[i];
		p.gfp = gfps[i];
		p.chunks.clear();
		p.present = i != 2 || banks[0].size;	/* has_managed_dma() */
		if (!p.present)
			continue;
		if (atomic_pool_expand(p, atomic_pool_size, p.gfp)) {
			printk(KERN_ERR "DMA: failed to allocate %zu KiB %s pool for atomic allocation\n",
			       atomic_pool_size >> 10, p.name);
			p.present = false;
			continue;
		}
		printk(KERN_INFO "DMA: preallocated %zu KiB %s pool for atomic allocations\n", total(p) >> 10, p.name);
	}
}

static GenPool *dma_guess_pool(GenPool *prev, gfp_t gfp)
{
	auto pick = [](int i) { return pools[i].present ? &pools[i] : nullptr; };
	if (!prev) {
		if (gfp & GFP_DMA32)
			return pick(1);
		if (pools[2].present && (gfp & GFP_DMA))
			return pick(2);
		return pick(0);
	}
	if (prev == &pools[0])
		return pick(1) ? pick(1) : pick(2);
	if (prev == &pools[1])
		return pick(2);
	return nullptr;
}

/* gen_pool_first_fit_order_align */
static uintptr_t gen_pool_alloc(GenPool &pool, size_t size, uint64_t *phys)
{
	size_t nr = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	size_t align = 1;
	while (align < nr)
		align <<= 1;
	for (Chunk &c : pool.chunks) {
		for (size_t i = 0; i + nr <= c.used.size(); i += align) {
			bool ok = true;
			for (size_t j = 0; j < nr && ok; j++)
				ok = !c.used[i + j];
			if (!ok)
				continue;
			for (size_t j = 0; j < nr; j++)
				c.used[i + j] = true;
			*phys = c.phys + (i << PAGE_SHIFT);
			return c.vaddr + (i << PAGE_SHIFT);
		}
	}
	return 0;
}

static Chunk *chunk_of(GenPool &pool, uintptr_t addr, size_t size)
{
	for (Chunk &c : pool.chunks)
		if (addr >= c.vaddr && addr + size <= c.vaddr + c.size)
			return &c;
	return nullptr;
}

static void gen_pool_free(GenPool &pool, uintptr_t addr, size_t size)
{
	Chunk *c = chunk_of(pool, addr, size);
	size_t first = (addr - c->vaddr) >> PAGE_SHIFT, nr = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	for (size_t j = 0; j < nr; j++) {
		if (!c->used[first + j])
			WARN_ONCE(1, "gen_pool_free: bit %zu already clear\n", first + j);
		c->used[first + j] = false;
	}
}

static struct page *__dma_alloc_from_pool(struct device *d, size_t len, GenPool &pool, void **vaddr,
					  dma_pool_phys_ok_t ok)
{
	uint64_t phys;
	uintptr_t va = gen_pool_alloc(pool, len, &phys);
	if (!va)
		return nullptr;
	/* memory the device cannot reach goes straight back */
	bool reachable = !ok || ok(d, phys, len);
	if (!reachable) {
		gen_pool_free(pool, va, len);
		return nullptr;
	}
	if (avail(pool) < atomic_pool_size)
		schedule_work(&atomic_pool_work);	/* refill before the next caller runs dry */
	memset((void *)va, 0, len);
	*vaddr = (void *)va;
	return pfn_to_page(phys >> PAGE_SHIFT);
}

size_t atomic_pool_pages_used()
{
	size_t n = 0;
	for (GenPool &p : pools)
		for (Chunk &c : p.chunks)
			for (bool u : c.used)
				n += u;
	return n;
}

} /* namespace kshim */

using namespace kshim;

/* The kernel's warnings, word for word: reports must read as the kernel's do. */
#define POOL_EXHAUSTED_FMT "DMA pool exhausted for %s\n"
#define NO_POOL_FMT "Failed to get suitable pool for %s\n"

/*
 * model: try each pool the gfp flags allow, preferred first; warn as the
 * kernel does when none serves.
 */
noinline struct page *dma_alloc_from_pool(struct device *d, size_t len, void **vaddr, gfp_t gfp,
					  dma_pool_phys_ok_t ok)
{
	unsigned tried = 0;
	for (GenPool *pool = dma_guess_pool(nullptr, gfp); pool; pool = dma_guess_pool(pool, gfp)) {
		tried++;
		if (struct page *pg = __dma_alloc_from_pool(d, len, *pool, vaddr, ok))
			return pg;
	}
	if (!tried)
		WARN(1, NO_POOL_FMT, dev_name(d));
	else
		WARN(!(gfp & __GFP_NOWARN), POOL_EXHAUSTED_FMT, dev_name(d));
	return nullptr;
}

struct page *dma_alloc_from_pool(struct device *d, size_t len, void **vaddr, gfp_t gfp, unsigned long attrs,
				 dma_pool_phys_ok_t ok)
{
	(void)attrs;	/* 7.3: every atomic pool is shared, as the attribute asks */
	return dma_alloc_from_pool(d, len, vaddr, gfp, ok);
}

/* Pool memory is recognised by its address (the alias, with DMA_DIRECT_REMAP), whatever the device. */
noinline bool dma_free_from_pool(struct device *, void *vaddr, size_t len)
{
	for (GenPool *pool = dma_guess_pool(nullptr, 0); pool; pool = dma_guess_pool(pool, 0)) {
		if (chunk_of(*pool, (uintptr_t)vaddr, len)) {
			gen_pool_free(*pool, (uintptr_t)vaddr, len);
			return true;
		}
	}
	return false;
}
