/* SPDX-License-Identifier: GPL-2.0 */
/* dup: the zone constants (x86_64 defaults) */
#ifndef _KSHIM_LINUX_MMZONE_H
#define _KSHIM_LINUX_MMZONE_H
#define MAX_PAGE_ORDER		10
#define MAX_ORDER_NR_PAGES	(1 << MAX_PAGE_ORDER)
#define NR_PAGE_ORDERS		(MAX_PAGE_ORDER + 1)
enum zone_type { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, MAX_NR_ZONES };
#define MAX_DMA32_PFN	(1UL << (32 - 12))
bool has_managed_dma(void);	/* model: the machine has a ZONE_DMA bank */
bool has_managed_zone(enum zone_type zone);	/* model: the machine has a bank in that zone */
#endif
