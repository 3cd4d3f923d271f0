/* SPDX-License-Identifier: GPL-2.0 */
/* model: memblock: early, top-down allocations from reserved memory */
#ifndef _KSHIM_LINUX_MEMBLOCK_H
#define _KSHIM_LINUX_MEMBLOCK_H
#include <linux/types.h>
#include <linux/slab.h>
#define ARCH_LOW_ADDRESS_LIMIT	0xffffffffUL
#define MEMBLOCK_ALLOC_ACCESSIBLE 0
struct __kshim_void_ptr memblock_alloc(phys_addr_t size, phys_addr_t align);
struct __kshim_void_ptr memblock_alloc_low(phys_addr_t size, phys_addr_t align);
void memblock_free(void *ptr, size_t size);
int memblock_phys_free(phys_addr_t base, phys_addr_t size);
void memblock_free_late(phys_addr_t base, phys_addr_t size);
#endif
