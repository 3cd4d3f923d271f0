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
#include <linux/gfp_types.h>
#include <linux/slab.h>

struct io_tlb_mem;
struct bus_dma_region;
struct reserved_mem;

struct device_dma_parameters {
	unsigned int max_segment_size;
	unsigned int min_align_mask;
	unsigned long segment_boundary_mask;
};

struct device_driver;

struct device {
	const char *init_name;
	struct device_driver *driver;	/* the driver bound to it (KUnit devices) */
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
/* dup: 7.x's accessors of the DMA flags (6.12 reads the fields) */
static inline bool dev_dma_skip_sync(const struct device *dev) { return dev->dma_skip_sync; }
static inline void dev_set_dma_skip_sync(struct device *dev) { dev->dma_skip_sync = true; }
static inline void dev_clear_dma_skip_sync(struct device *dev) { dev->dma_skip_sync = false; }
static inline void dev_assign_dma_skip_sync(struct device *dev, bool v) { dev->dma_skip_sync = v; }
static inline bool dev_dma_ops_bypass(const struct device *dev) { (void)dev; return false; }
/* dup: one NUMA node */
static inline int dev_to_node(struct device *dev)
{
	(void)dev;
	return -1;
}
/*
 * model: a driver, as KUnit's test drivers use one: probe() runs when a
 * device binds to it (kunit/device.h), remove() when it unbinds.
 */
struct bus_type;
struct module;
struct device_driver {
	const char *name;
	const struct bus_type *bus;		/* kshim: none; KUnit's bus matches every driver */
	struct module *owner;			/* kshim: unused */
	int (*probe)(struct device *);		/* at bind */
	void (*sync_state)(struct device *);	/* kshim: never called */
	int (*remove)(struct device *);		/* at unbind */
	void (*shutdown)(struct device *);	/* kshim: never called */
};
/* model: managed allocations, released when the driver unbinds (devres) */
struct __kshim_void_ptr devm_kmalloc(struct device *, size_t len, gfp_t);
void devm_kfree(struct device *, const void *);
unsigned long devm_get_free_pages(struct device *, gfp_t, unsigned int order);
void devm_free_pages(struct device *, unsigned long va);
/* dup: the kernel's compositions */
static inline struct __kshim_void_ptr devm_kzalloc(struct device *dev, size_t size, gfp_t gfp)
{
	return devm_kmalloc(dev, size, gfp | __GFP_ZERO);
}
static inline struct __kshim_void_ptr devm_kcalloc(struct device *dev, size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;
	if (__builtin_mul_overflow(n, size, &bytes))
		return { nullptr };
	return devm_kzalloc(dev, bytes, gfp);
}
/* model: managed resources, released when the device goes */
typedef void (*dr_release_t)(struct device *dev, void *res);
typedef int (*dr_match_t)(struct device *dev, void *res, void *match_data);
void *devres_alloc(dr_release_t release, size_t size, gfp_t gfp);
void devres_free(void *res);
void devres_add(struct device *dev, void *res);
int devres_destroy(struct device *dev, dr_release_t release, dr_match_t match, void *match_data);
int devres_release(struct device *dev, dr_release_t release, dr_match_t match, void *match_data);
void devres_release_all(struct device *dev);
#endif
