// SPDX-License-Identifier: GPL-2.0
/*
 * kshim memblock: early allocations carved top-down from memory the page
 * allocator does not own yet (the top of the DMA32 and Normal banks), as
 * mm/memblock.c allocates top-down.  memblock_free_late() hands pages to the
 * buddy allocator, which checks that memblock owned them.
 */
#include "mem.h"

#include <linux/cache.h>
#include <linux/memblock.h>

#include <cstring>
#include <linux/printk.h>

namespace kshim {

static uint64_t mb_top[3];	/* next free byte below this, per bank */

unsigned long memblock_reserve_size(const Bank &b)
{
	/* DMA32 keeps half for early allocations, Normal a quarter, DMA none. */
	unsigned long pages = b.size >> PAGE_SHIFT;
	return b.zone == 1 ? pages / 2 : b.zone == 2 ? pages / 4 : 0;
}

void memblock_reset()
{
	for (int z = 0; z < 3; z++)
		mb_top[z] = banks[z].base + banks[z].size;
}

static void *mb_alloc(phys_addr_t size, phys_addr_t align, phys_addr_t limit)
{
	if (!align)
		align = SMP_CACHE_BYTES;
	for (int z = 2; z >= 0; z--) {
		Bank &b = banks[z];
		uint64_t floor = b.base + b.size - (b.reserved << PAGE_SHIFT);
		if (!b.reserved || mb_top[z] < size)
			continue;
		uint64_t start = (mb_top[z] - size) & ~(align - 1);
		if (start < floor || start + size - 1 > limit)
			continue;
		uint64_t pfn0 = start >> PAGE_SHIFT, pfn1 = (start + size + PAGE_SIZE - 1) >> PAGE_SHIFT;
		set_owner(pfn_to_page(pfn0), pfn1 - pfn0, PageOwner::memblock);
		mb_top[z] = start;
		void *va = __va(start);
		UNPOISON(va, size);
		fill_unpoisoned(va, 0, size);	/* memblock_alloc() returns zeroed memory */
		return va;
	}
	return nullptr;
}

} /* namespace kshim */

using namespace kshim;

/* model */
struct __kshim_void_ptr memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	return { mb_alloc(size, align, ~0ULL) };
}

struct __kshim_void_ptr memblock_alloc_low(phys_addr_t size, phys_addr_t align)
{
	return { mb_alloc(size, align, ARCH_LOW_ADDRESS_LIMIT) };
}

void memblock_free(void *ptr, size_t size)
{
	/* Before the page allocator takes over: the range is simply reserved again. */
	uint64_t start = __pa(ptr);
	uint64_t pfn0 = start >> PAGE_SHIFT, pfn1 = (start + size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	set_owner(pfn_to_page(pfn0), pfn1 - pfn0, PageOwner::reserved);
	POISON(ptr, size);
}

int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	memblock_free(__va(base), size);
	return 0;
}

void memblock_free_late(phys_addr_t base, phys_addr_t size)
{
	uint64_t pfn0 = PFN_UP(base), pfn1 = PFN_DOWN(base + size);
	for (uint64_t pfn = pfn0; pfn < pfn1; pfn++) {
		struct page *p = pfn_to_page(pfn);
		p->order = 0;
		if (check_page_free(p, 0, PageOwner::memblock, "memblock_free_late"))
			free_pages_owned(p, 0, PageOwner::memblock, "memblock_free_late");
	}
}
