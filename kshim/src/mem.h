/* SPDX-License-Identifier: GPL-2.0 */
/* Shared state of kshim's memory model (page_alloc.cc, memblock.cc, slab.cc, vmalloc.cc, genalloc.cc). */
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include <kshim/kshim.h>

#include <linux/mm.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KSHIM_ASAN 1
#endif
#endif
#ifdef KSHIM_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) do { (void)(p); (void)(n); } while (0)
#define UNPOISON(p, n) do { (void)(p); (void)(n); } while (0)
#endif

/*
 * Fill memory kshim has just unpoisoned.  Under ASan a memset() first scans
 * the range's shadow, which costs as much again as the fill itself (~8% of a
 * fuzz run); the range is known to be addressable here.  glibc fills large
 * ranges with rep stosb too.
 */
static inline void fill_unpoisoned(void *p, int c, size_t n)
{
#if defined(KSHIM_ASAN) && defined(__x86_64__)
	asm volatile("rep stosb" : "+D"(p), "+c"(n) : "a"(c) : "memory");
#else
	memset(p, c, n);
#endif
}

namespace kshim {

/* page_alloc.cc: the simulated RAM and the buddy allocator */
void mem_boot();			/* map the banks (once per memory layout) */
void mem_reset();			/* every page free again, memblock's share reserved */

struct Bank {
	uint64_t base = 0, size = 0;
	int zone = 0;
	int memfd = -1;
	char *linear = nullptr;
	unsigned long reserved = 0;	/* pages at the top kept for memblock */
	std::vector<uint8_t> dirty;	/* per 64-page chunk: changed since the last mem_reset() */
};
extern Bank banks[3];

Bank *bank_of_pfn(unsigned long pfn);
void set_owner(struct page *p, unsigned long n, PageOwner o);
void mark_pages_changed(unsigned long pfn, unsigned long n);
struct page *alloc_pages_nofail_check(gfp_t gfp, unsigned order, PageOwner owner, bool fill = true);
bool check_page_free(struct page *page, unsigned order, PageOwner expect, const char *who);
void free_pages_owned(struct page *page, unsigned order, PageOwner expect, const char *who);

/* memblock.cc */
void memblock_reset();
unsigned long memblock_reserve_size(const Bank &b);

/* slab.cc */
void slab_reset();

/* vmalloc.cc: vmap()'s second mappings of simulated pages */
void vmalloc_reset();
uint64_t alias_to_phys(uintptr_t vaddr, bool *ok);
void drop_alias_maps();		/* the banks they map are going away */

/* genalloc.cc */
void genalloc_reset();
/* The pool allocation holding pfn, as a saved stack ("" if none): for the bad-page oracle. */
std::string gen_pool_page_owner(unsigned long pfn);

} /* namespace kshim */
