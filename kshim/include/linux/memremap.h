/* SPDX-License-Identifier: GPL-2.0 */
/* stub: no ZONE_DEVICE: kctx has no PCI peer-to-peer memory, so no page is a P2PDMA page */
#ifndef _KSHIM_LINUX_MEMREMAP_H
#define _KSHIM_LINUX_MEMREMAP_H
#include <linux/mm.h>
static inline bool is_pci_p2pdma_page(const struct page *page)
{
	(void)page;
	return false;
}
static inline bool is_zone_device_page(const struct page *page)
{
	(void)page;
	return false;
}
#endif
