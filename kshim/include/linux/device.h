/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: struct device with every field the DMA layer and swiotlb
 * use.  The CONFIG_SWIOTLB_DYNAMIC fields are always present, so kshim does
 * not have to be rebuilt per configuration; swiotlb.c only uses them when its
 * own configuration says so.
 */
#ifndef _KSHIM_LINUX_DEVICE_H
#define _KSHIM_LINUX_DEVICE_H
#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/dev_printk.h>

struct io_tlb_mem;
struct bus_dma_region;
struct reserved_mem;

struct device_dma_parameters {
	unsigned int max_segment_size;
	unsigned int min_align_mask;
	unsigned long segment_boundary_mask;
};

struct device {
	const char *init_name;
	u64 *dma_mask;
	u64 coherent_dma_mask;
	u64 bus_dma_limit;
	const struct bus_dma_region *dma_range_map;
	struct device_dma_parameters *dma_parms;
	struct io_tlb_mem *dma_io_tlb_mem;
	struct list_head dma_io_tlb_pools;
	spinlock_t dma_io_tlb_lock;
	bool dma_uses_io_tlb;
	bool dma_coherent;
	bool dma_skip_sync;
	bool kshim_untrusted;		/* kshim: untrusted (PCI) device behind an IOMMU */
	/* kshim: storage the harness owns */
	u64 kshim_dma_mask;
	struct device_dma_parameters kshim_dma_parms;
	struct reserved_mem *kshim_rmem;
	char kshim_name[32];
};

static inline const char *dev_name(const struct device *dev)
{
	return dev->init_name ? dev->init_name : "(null)";
}
void device_initialize(struct device *dev);
#endif
