/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: vmap()/vunmap() of simulated pages.  A mapping is a second host
 * mapping of the same memfd pages in kshim's vmalloc range, so the data is
 * shared with the linear map, as in the kernel, and phys_to_virt() of it
 * gives the linear address, not the alias.
 */
#ifndef _KSHIM_LINUX_VMALLOC_H
#define _KSHIM_LINUX_VMALLOC_H
#include <linux/mm.h>
#include <linux/pgtable.h>

#define VM_MAP			0x00000004
#define VM_DMA_COHERENT		0x00000010
#define VM_FLUSH_RESET_PERMS	0x00000100

struct vm_struct {
	void *addr;
	unsigned long size;	/* with the guard page, as the kernel counts it */
	unsigned long flags;
	struct page **pages;
	unsigned int nr_pages;
	phys_addr_t phys_addr;
};

void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);
void vunmap(const void *addr);
struct vm_struct *find_vm_area(const void *addr);

/* model: takes the vmap purge mutex, where x86's set_memory_*() sleeps */
void vm_unmap_aliases(void);
#endif
