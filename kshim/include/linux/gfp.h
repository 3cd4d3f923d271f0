/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page allocator entry points: zones by physical address, buddy orders,
 * might_alloc() checks, fault injection and page ownership.
 */
#ifndef _KSHIM_LINUX_GFP_H
#define _KSHIM_LINUX_GFP_H
#include <linux/gfp_types.h>
#include <linux/mmzone.h>
#include <asm/getorder.h>

struct page;
/* dup */
static inline bool gfpflags_allow_blocking(const gfp_t gfp_flags)
{
	return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}

/* model */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp)		alloc_pages(gfp, 0)
#define alloc_pages_node(nid, gfp, order) alloc_pages(gfp, order)
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
#define __get_free_page(gfp)	__get_free_pages((gfp), 0)
unsigned long get_zeroed_page(gfp_t gfp_mask);	/* dup */
void __free_pages(struct page *page, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);	/* dup */
#define __free_page(page)	__free_pages((page), 0)
#define free_page(addr)		free_pages((addr), 0)
/* include/linux/sched/mm.h: inline in the kernel, so not a frame in its traces either. */
void __might_sleep(const char *file, int line);
#define might_alloc(gfp_mask) do {						\
	if (gfpflags_allow_blocking(gfp_mask))					\
		__might_sleep("include/linux/sched/mm.h", 321);			\
} while (0)
#endif
