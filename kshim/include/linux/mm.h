/* SPDX-License-Identifier: GPL-2.0 */
/* The parts of mm.h swiotlb uses. */
#ifndef _KSHIM_LINUX_MM_H
#define _KSHIM_LINUX_MM_H
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <linux/pfn.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/pgtable.h>
#include <asm/page.h>
#include <asm/io.h>

/* dup */
#define PAGE_ALIGN(addr)	ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr)	IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#ifndef INVALID_PHYS_ADDR
#define INVALID_PHYS_ADDR (~(phys_addr_t)0)
#endif

/* model: the simulated banks; char *, not void *: absorbs the void-pointer arithmetic on it in C++ */
extern char *high_memory;
unsigned long totalram_pages(void);
void *page_address(const struct page *page);	/* dup */
bool is_vmalloc_addr(const void *x);
/* dup: the memory map is one array per bank, and pages of one block never span banks */
#define nth_page(page, n)	((page) + (n))
/* dup */
static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}
/* dup: 7.3 */
static inline pgoff_t vma_start_pgoff(const struct vm_area_struct *vma)
{
	return vma->vm_pgoff;
}
static inline pgoff_t vma_end_pgoff(const struct vm_area_struct *vma)
{
	return vma->vm_pgoff + vma_pages(vma);
}
/* stub: no user address space to map into; the harness never mmaps DMA memory */
static inline int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
				  unsigned long size, pgprot_t prot)
{
	(void)vma, (void)addr, (void)pfn, (void)size, (void)prot;
	return -ENXIO;
}
/* model: the highest pfn of the simulated RAM, and walking its System RAM ranges */
extern unsigned long max_pfn;
int walk_system_ram_range(unsigned long start_pfn, unsigned long nr_pages, void *arg,
			  int (*func)(unsigned long, unsigned long, void *));
#endif
