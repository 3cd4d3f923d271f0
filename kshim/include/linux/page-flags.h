/* SPDX-License-Identifier: GPL-2.0 */
/* dup: x86_64 has no highmem */
#ifndef _KSHIM_LINUX_PAGE_FLAGS_H
#define _KSHIM_LINUX_PAGE_FLAGS_H
struct page;
static inline int PageHighMem(const struct page *page) { (void)page; return 0; }
#define PhysHighMem(phys)	(0 && (phys))
#endif
