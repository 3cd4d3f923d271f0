// SPDX-License-Identifier: GPL-2.0
/*
 * kshim's gen_pool (linux/genalloc.h): chunks of memory with their
 * physical address, a bitmap per chunk, and the algorithm the pool's
 * owner picked.  Allocation and free take no lock (the kernel's use
 * cmpxchg on the bitmap) and walk the chunk list under RCU, so they are
 * legal in any context; creating a pool and adding a chunk allocate with
 * GFP_KERNEL, and may sleep.  Pools are host objects of one boot.
 */
#include "sched.h"
#include "mem.h"
#include "stacktrace.h"

#include <linux/bug.h>
#include <linux/genalloc.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include <map>
#include <memory>

/* model: a pool's chunks and bitmaps, host objects */
struct gen_pool {
	int order;
	genpool_algo_t algo;
	void *data;
	struct Chunk : gen_pool_chunk {
		std::vector<unsigned long> words;	/* the bitmap bits points into */
		/* who holds each allocation, by start and size: page_owner's stack, for the bad-page oracle */
		std::map<unsigned long, std::pair<size_t, kshim::Track>> held;
	};
	std::vector<std::unique_ptr<Chunk>> chunks;	/* they never move: bits stays valid */
};

namespace kshim {

static std::vector<std::unique_ptr<gen_pool>> pools;

void genalloc_reset()
{
	pools.clear();
}

static bool bit(const unsigned long *map, unsigned long i)
{
	return map[i / BITS_PER_LONG] >> (i % BITS_PER_LONG) & 1;
}

static void set_bits(unsigned long *map, unsigned long start, unsigned long n, bool v)
{
	for (unsigned long i = start; i < start + n; i++) {
		unsigned long m = 1UL << (i % BITS_PER_LONG);
		if (v)
			map[i / BITS_PER_LONG] |= m;
		else
			map[i / BITS_PER_LONG] &= ~m;
	}
}

/* bitmap_find_next_zero_area(): the first run of nr clear bits from start, at a multiple of align_mask + 1 */
static unsigned long find_zero_area(unsigned long *map, unsigned long size, unsigned long start, unsigned int nr,
				    unsigned long align_mask)
{
	for (unsigned long i = (start + align_mask) & ~align_mask; i + nr <= size; i = ((i + 1) + align_mask) & ~align_mask) {
		unsigned long j = 0;
		while (j < nr && !bit(map, i + j))
			j++;
		if (j == nr)
			return i;
	}
	return size;	/* past the end: no room */
}

static gen_pool::Chunk *chunk_of(gen_pool *pool, unsigned long addr, size_t size)
{
	for (auto &c : pool->chunks)
		if (addr >= c->start_addr && addr + size - 1 <= c->end_addr)
			return c.get();
	return nullptr;
}

/*
 * The stack that took the pool memory holding pfn from a pool, for a
 * report that frees it behind the pool's back: "" when no allocation of a
 * pool holds it.
 */
std::string gen_pool_page_owner(unsigned long pfn)
{
	phys_addr_t phys = (phys_addr_t)pfn << PAGE_SHIFT;
	for (auto &p : pools)
		for (auto &c : p->chunks) {
			if (c->phys_addr == (phys_addr_t)-1 || phys < c->phys_addr ||
			    phys > c->phys_addr + (c->end_addr - c->start_addr))
				continue;
			unsigned long addr = c->start_addr + (phys - c->phys_addr);
			for (auto &[start, h] : c->held)
				if (addr + PAGE_SIZE > start && addr < start + h.first)
					return track_text("Allocated from the atomic pool", h.second);
		}
	return "";
}

} /* namespace kshim */

using namespace kshim;

/* model */
struct gen_pool *gen_pool_create(int min_alloc_order, int nid)
{
	(void)nid;
	might_alloc(GFP_KERNEL);	/* kmalloc_node(GFP_KERNEL) */
	auto p = std::make_unique<gen_pool>();
	p->order = min_alloc_order;
	p->algo = gen_pool_first_fit;
	p->data = NULL;
	pools.push_back(std::move(p));
	return pools.back().get();
}

/* model: the chunks' memory stays with its owner; an allocation left over is the kernel's BUG */
void gen_pool_destroy(struct gen_pool *pool)
{
	for (auto &c : pool->chunks)
		BUG_ON_AT("lib/genalloc.c", 255, c->avail != c->end_addr - c->start_addr + 1);
	std::erase_if(pools, [&](const std::unique_ptr<gen_pool> &p) { return p.get() == pool; });
}

/* model */
void gen_pool_set_algo(struct gen_pool *pool, genpool_algo_t algo, void *data)
{
	rcu_read_lock();
	pool->algo = algo ? algo : gen_pool_first_fit;
	pool->data = data;
	rcu_read_unlock();
}

/* model: the chunk's pages now belong to the pool, for kctx's bad-page oracle */
int gen_pool_add_virt(struct gen_pool *pool, unsigned long addr, phys_addr_t phys, size_t size, int nid)
{
	(void)nid;
	might_alloc(GFP_KERNEL);	/* vzalloc_node() of the bitmap */
	unsigned long nbits = size >> pool->order;
	auto c = std::make_unique<gen_pool::Chunk>();
	c->start_addr = addr;
	c->end_addr = addr + size - 1;
	c->phys_addr = phys;
	c->words.assign((nbits + BITS_PER_LONG - 1) / BITS_PER_LONG, 0);
	c->bits = c->words.data();
	c->avail = size;
	pool->chunks.push_back(std::move(c));
	if (phys != (phys_addr_t)-1)
		set_owner(pfn_to_page(phys >> PAGE_SHIFT), size >> PAGE_SHIFT, PageOwner::atomic_pool);
	return 0;
}

/* model */
unsigned long gen_pool_alloc(struct gen_pool *pool, size_t size)
{
	if (!size)
		return 0;
	genpool_algo_t algo = pool->algo;
	void *data = pool->data;
	unsigned long nbits = (size + (1UL << pool->order) - 1) >> pool->order;
	unsigned long addr = 0;
	rcu_read_lock();
	for (auto &c : pool->chunks) {
		if (size > c->avail)
			continue;
		unsigned long end_bit = (c->end_addr - c->start_addr + 1) >> pool->order;
		unsigned long start_bit = algo(c->bits, end_bit, 0, nbits, data, pool, c->start_addr);
		if (start_bit >= end_bit)
			continue;
		set_bits(c->bits, start_bit, nbits, true);
		addr = c->start_addr + ((unsigned long)start_bit << pool->order);
		c->avail -= nbits << pool->order;
		auto &held = c->held[addr];
		held.first = nbits << pool->order;
		save_track(held.second);
		break;
	}
	rcu_read_unlock();
	return addr;
}

/* model: freeing what is not allocated is the kernel's BUG_ON, as in bitmap_clear_ll()'s caller */
void gen_pool_free(struct gen_pool *pool, unsigned long addr, size_t size)
{
	unsigned long nbits = (size + (1UL << pool->order) - 1) >> pool->order;
	rcu_read_lock();
	gen_pool::Chunk *c = chunk_of(pool, addr, size);
	if (c) {
		unsigned long first = (addr - c->start_addr) >> pool->order;
		for (unsigned long i = first; i < first + nbits; i++)
			BUG_ON_AT("lib/genalloc.c", 508, !bit(c->bits, i));	/* bitmap_clear_ll()'s remainder */
		set_bits(c->bits, first, nbits, false);
		c->avail += nbits << pool->order;
		c->held.erase(addr);
	}
	rcu_read_unlock();
	BUG_ON_AT("lib/genalloc.c", 518, !c);
}

/* model */
phys_addr_t gen_pool_virt_to_phys(struct gen_pool *pool, unsigned long addr)
{
	phys_addr_t paddr = (phys_addr_t)-1;
	rcu_read_lock();
	if (gen_pool::Chunk *c = chunk_of(pool, addr, 1))
		paddr = c->phys_addr + (addr - c->start_addr);
	rcu_read_unlock();
	return paddr;
}

/* model */
bool gen_pool_has_addr(struct gen_pool *pool, unsigned long start, size_t size)
{
	rcu_read_lock();
	bool found = chunk_of(pool, start, size) != nullptr;
	rcu_read_unlock();
	return found;
}

/* A sum over the chunks, under RCU as the kernel walks them. */
template <class F> static size_t sum_chunks(struct gen_pool *pool, F f)
{
	size_t n = 0;
	rcu_read_lock();
	for (const auto &c : pool->chunks)
		n += f(*c);
	rcu_read_unlock();
	return n;
}

/* model */
size_t gen_pool_avail(struct gen_pool *pool)
{
	return sum_chunks(pool, [](const gen_pool_chunk &c) { return c.avail; });
}

/* model */
size_t gen_pool_size(struct gen_pool *pool)
{
	return sum_chunks(pool, [](const gen_pool_chunk &c) { return c.end_addr - c.start_addr + 1; });
}

/* model */
void gen_pool_for_each_chunk(struct gen_pool *pool,
			     void (*func)(struct gen_pool *pool, struct gen_pool_chunk *chunk, void *data), void *data)
{
	rcu_read_lock();
	for (auto &c : pool->chunks)
		func(pool, c.get(), data);
	rcu_read_unlock();
}

/* dup: the two algorithms, over the chunk's bitmap */
unsigned long gen_pool_first_fit(unsigned long *map, unsigned long size, unsigned long start, unsigned int nr,
				 void *data, struct gen_pool *pool, unsigned long start_addr)
{
	return find_zero_area(map, size, start, nr, 0);
}

unsigned long gen_pool_first_fit_order_align(unsigned long *map, unsigned long size, unsigned long start,
					     unsigned int nr, void *data, struct gen_pool *pool,
					     unsigned long start_addr)
{
	unsigned long align = 1;
	while (align < nr)
		align <<= 1;
	return find_zero_area(map, size, start, nr, align - 1);
}
