/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stub: the P2PDMA mapping states without CONFIG_PCI_P2PDMA.  No page is a
 * P2PDMA page here (linux/memremap.h), so the DMA layer never asks.
 */
#ifndef _KSHIM_LINUX_PCI_P2PDMA_H
#define _KSHIM_LINUX_PCI_P2PDMA_H
#include <linux/memremap.h>
struct scatterlist;
enum pci_p2pdma_map_type {
	PCI_P2PDMA_MAP_UNKNOWN = 0,
	PCI_P2PDMA_MAP_NONE,
	PCI_P2PDMA_MAP_NOT_SUPPORTED,
	PCI_P2PDMA_MAP_BUS_ADDR,
	PCI_P2PDMA_MAP_THRU_HOST_BRIDGE,
};
struct p2pdma_provider;
struct pci_p2pdma_map_state {
	struct dev_pagemap *pgmap;	/* 6.12 */
	struct p2pdma_provider *mem;	/* 7.2 */
	int map;
	u64 bus_off;
};
/* 7.2: an ordinary page needs no P2P mapping */
static inline enum pci_p2pdma_map_type pci_p2pdma_state(struct pci_p2pdma_map_state *state, struct device *dev,
							struct page *page)
{
	(void)state, (void)dev, (void)page;
	return PCI_P2PDMA_MAP_NONE;
}
static inline dma_addr_t pci_p2pdma_bus_addr_map(struct p2pdma_provider *mem, phys_addr_t paddr)
{
	(void)mem;
	return paddr;
}
static inline enum pci_p2pdma_map_type pci_p2pdma_map_segment(struct pci_p2pdma_map_state *state,
							      struct device *dev, struct scatterlist *sg)
{
	(void)state, (void)dev, (void)sg;
	return PCI_P2PDMA_MAP_NOT_SUPPORTED;
}
#endif
