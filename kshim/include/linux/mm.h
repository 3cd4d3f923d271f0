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
#endif
