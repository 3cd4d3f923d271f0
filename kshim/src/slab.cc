// SPDX-License-Identifier: GPL-2.0
/*
 * kshim slab: kmalloc() objects live in simulated RAM (so they have physical
 * addresses, as kernel objects do), one page block per object.  ASan sees
 * exactly the requested size; kfree() poisons the object and keeps it in a
 * quarantine for a while, so a use after free is caught instead of reading
 * a recycled object.
 */
#include "sched.h"
#include "fault.h"
#include "kasan.h"
#include "mem.h"
#include "printk.h"
#include "report.h"
#include "stacktrace.h"

#include <linux/bug.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>

#include <cstring>
#include <deque>
#include <unordered_map>

#define ZERO_SIZE_PTR ((void *)16)

namespace kshim {

struct Obj {
	size_t size;
	unsigned order;
};
static std::unordered_map<uintptr_t, Obj> live;
static std::deque<std::pair<uintptr_t, Obj>> quarantine;
static constexpr size_t QUARANTINE = 64;

void slab_reset()
{
	live.clear();
	quarantine.clear();
	kasan_slab_reset();
}

size_t slab_objects_in_use()
{
	return live.size();
}

static void *slab_alloc(size_t size, gfp_t flags)
{
	might_alloc(flags);
	if (!size)
		return ZERO_SIZE_PTR;
	if (should_fail_alloc(flags, size, -1))
		return nullptr;
	unsigned order = get_order(size);
	if (order > MAX_PAGE_ORDER)
		return nullptr;
	/* the object is filled below, and the rest of its pages stays poisoned */
	struct page *p = alloc_pages_nofail_check(flags & ~__GFP_ZERO, order, PageOwner::slab, false);
	if (!p)
		return nullptr;
	void *va = page_address(p);
	POISON(va, PAGE_SIZE << order);
	UNPOISON(va, size);
	fill_unpoisoned(va, (flags & __GFP_ZERO) ? 0 : 0x6b, size);
	live[(uintptr_t)va] = { size, order };
	kasan_slab_alloc(va, size, order, flags & __GFP_DMA);
	return va;
}

static void quarantine_push(uintptr_t va, Obj o)
{
	POISON((void *)va, PAGE_SIZE << o.order);
	quarantine.push_back({ va, o });
	if (quarantine.size() > QUARANTINE) {
		auto old = quarantine.front();
		quarantine.pop_front();
		kasan_slab_release((void *)old.first);
		free_pages_owned(virt_to_page((void *)old.first), old.second.order, PageOwner::slab, "kfree");
	}
}

} /* namespace kshim */

using namespace kshim;

/* model: objects in simulated RAM, with sleep checks, fault injection and a quarantine */
struct __kshim_void_ptr kmalloc(size_t size, gfp_t flags)
{
	return { slab_alloc(size, flags) };
}

struct __kshim_void_ptr kzalloc(size_t size, gfp_t flags)
{
	return { slab_alloc(size, flags | __GFP_ZERO) };
}

struct __kshim_void_ptr kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;
	if (__builtin_mul_overflow(n, size, &bytes))
		return { nullptr };
	return { slab_alloc(bytes, flags) };
}

struct __kshim_void_ptr kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

static unsigned int kmalloc_minalign = 8;

void kshim_set_kmalloc_minalign(unsigned int align)
{
	kmalloc_minalign = align;
}

size_t kmalloc_size_roundup(size_t size)
{
	/* kmalloc_info[]'s caches up to two pages; new_kmalloc_cache() aligns each to the minimum */
	static const size_t sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192 };
	for (size_t s : sizes)
		if (size <= s)
			return (s + kmalloc_minalign - 1) & ~(size_t)(kmalloc_minalign - 1);
	return PAGE_ALIGN(size);	/* kmalloc_large() */
}

size_t ksize(const void *objp)
{
	auto it = live.find((uintptr_t)objp);
	return it == live.end() ? 0 : it->second.size;
}

struct __kshim_void_ptr kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = slab_alloc(len, gfp);
	if (p)
		memcpy(p, src, len);
	return { p };
}

struct __kshim_void_ptr krealloc(const void *p, size_t new_size, gfp_t flags)
{
	void *n = slab_alloc(new_size, flags);
	if (n && p && p != ZERO_SIZE_PTR) {
		memcpy(n, p, std::min(new_size, ksize(p)));
		kfree(p);
	}
	return { n };
}

noinline void kfree(const void *objp)
{
	if (!objp || objp == ZERO_SIZE_PTR)
		return;
	auto it = live.find((uintptr_t)objp);
	if (it == live.end()) {
		bool twice = false;
		for (auto &q : quarantine)
			twice |= q.first == (uintptr_t)objp;
		/* KASAN's check before the free: the report names kfree()'s caller, as _RET_IP_ there does */
		static const char line[] = "==================================================================";
		ReportBuilder rb;
		rb.kind = "KASAN";
		rb.cut_here = line;
		rb.header = strf("BUG: KASAN: %s in %s", twice ? "double-free" : "invalid-free",
				 symbolize_ip(__builtin_return_address(0)).c_str());
		rb.body = strf("Free of addr %s by task %s/%d\n\n", fake_address(objp).c_str(), cur()->comm, cur()->pid);
		rb.tail = "\n" + kasan_describe_address(objp) + line + "\n";
		emit_report(rb);
		return;
	}
	Obj o = it->second;
	live.erase(it);
	kasan_slab_free(objp);
	quarantine_push((uintptr_t)objp, o);
}

/* model: lib/scatterlist.c's table, as one unchained array from kmalloc, the last entry marked */
int sg_alloc_table(struct sg_table *table, unsigned int nents, gfp_t gfp_mask)
{
	memset(table, 0, sizeof(*table));
	if (!nents)
		return -EINVAL;
	struct scatterlist *sgl = (struct scatterlist *)kcalloc(nents, sizeof(*sgl), gfp_mask);
	if (!sgl)
		return -ENOMEM;
	sg_mark_end(&sgl[nents - 1]);
	table->sgl = sgl;
	table->nents = table->orig_nents = nents;
	return 0;
}

/* model */
void sg_free_table(struct sg_table *table)
{
	kfree(table->sgl);
	table->sgl = NULL;
	table->nents = table->orig_nents = 0;
}
