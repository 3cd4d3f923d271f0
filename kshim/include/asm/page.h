/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: the x86_64 page layout, with kshim's own fixed bases: the
 * simulated physical memory is mapped linearly at KSHIM_PAGE_OFFSET (like the
 * kernel's direct map), struct pages live in a sparse vmemmap, and remapped
 * aliases live in a vmalloc-like area.
 */
#ifndef _KSHIM_ASM_PAGE_H
#define _KSHIM_ASM_PAGE_H
#include <linux/types.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* Clear of ASan's shadow (below 0x10007fff8000) and its allocator (0x6000...). */
#define KSHIM_PAGE_OFFSET	0x300000000000UL
#define KSHIM_VMEMMAP_START	0x280000000000UL
#define KSHIM_VMALLOC_START	0x380000000000UL
#define KSHIM_VMALLOC_END	0x380100000000UL
#define KSHIM_MAX_PHYS		(1UL << 40)
#define PAGE_OFFSET		KSHIM_PAGE_OFFSET

struct page;
#define vmemmap			((struct page *)KSHIM_VMEMMAP_START)
#define pfn_to_page(pfn)	(vmemmap + (pfn))
#define page_to_pfn(page)	((unsigned long)((page) - vmemmap))
#define __pfn_to_phys(pfn)	((phys_addr_t)(pfn) << PAGE_SHIFT)
#define __phys_to_pfn(paddr)	((unsigned long)((paddr) >> PAGE_SHIFT))
#define page_to_phys(page)	__pfn_to_phys(page_to_pfn(page))
#define phys_to_page(phys)	pfn_to_page(__phys_to_pfn(phys))

unsigned long __phys_addr(unsigned long x);	/* model: checks the address, like DEBUG_VIRTUAL */
#define __pa(x)			__phys_addr((unsigned long)(x))
#define __va(x)			((void *)((unsigned long)(x) + PAGE_OFFSET))
#define virt_to_page(kaddr)	pfn_to_page(__pa(kaddr) >> PAGE_SHIFT)
#define page_to_virt(page)	__va(page_to_phys(page))
#define pfn_to_kaddr(pfn)	__va((pfn) << PAGE_SHIFT)
bool virt_addr_valid(const void *addr);	/* model: is it RAM of the simulated banks? */
#endif
