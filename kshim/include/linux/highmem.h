/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: without highmem these are plain copies through the direct map;
 * the destination is void * where the kernel has char *, which absorbs a C++
 * signedness mismatch at the call site.
 */
#ifndef _KSHIM_LINUX_HIGHMEM_H
#define _KSHIM_LINUX_HIGHMEM_H
#include <linux/mm.h>
#include <string.h>
static inline void memcpy_from_page(void *to, struct page *page, size_t offset, size_t len)
{
	memcpy(to, (char *)page_address(page) + offset, len);
}
static inline void memcpy_to_page(struct page *page, size_t offset, const void *from, size_t len)
{
	memcpy((char *)page_address(page) + offset, from, len);
}
static inline void *kmap_local_page(struct page *page) { return page_address(page); }
#define kunmap_local(addr) do { (void)(addr); } while (0)
#define kmap_flush_unused() do { } while (0)
#endif
