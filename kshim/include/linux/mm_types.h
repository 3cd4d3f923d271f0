/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: struct page.  Only what the page allocator, the ownership
 * oracle and the encryption model need; the kernel never looks inside.
 */
#ifndef _KSHIM_LINUX_MM_TYPES_H
#define _KSHIM_LINUX_MM_TYPES_H
#include <linux/types.h>
#include <linux/pgtable.h>
struct page {
	unsigned char owner;		/* kshim::PageOwner */
	unsigned char order;		/* block order, on the head page */
	unsigned char decrypted;	/* shared with the host/device */
	unsigned char zone;
	unsigned int flags;
	unsigned long private_;		/* owner's bookkeeping */
};
/* model: a user mapping, as the DMA mmap helpers see one (kctx has no user address spaces) */
struct vm_area_struct {
	unsigned long vm_start, vm_end, vm_pgoff, vm_flags;
	pgprot_t vm_page_prot;
};
#endif
