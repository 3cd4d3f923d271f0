/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the harness needs from a ported swiotlb.c.  Implemented per variant
 * by swiotlb/glue/glue.cc, which includes the generated translation unit and
 * so sees its statics; the harness itself never depends on the kernel
 * version's struct layouts.
 */
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct device;
struct page;
struct scatterlist;

namespace kctx {

struct PoolView {
	uint64_t start, end;
	unsigned long nslabs;
	unsigned nareas;
	bool transient;
	bool late_alloc;
	bool dev_pool;		/* on the device's transient list */
};

struct SwiotlbView {
	bool allocated;		/* is_swiotlb_allocated() */
	unsigned long nslabs;	/* io_tlb_default_mem.nslabs */
	bool force_bounce;
	bool can_grow;
	uint64_t phys_limit;
	unsigned long used;		/* slots in use, summed over the pools' areas */
	long total_used;		/* debugfs counter (CONFIG_DEBUG_FS) */
	long transient_nslabs;
	std::vector<PoolView> pools;	/* the default pool list and the device's transient pools */
};

struct Variant {
	const char *kernel_version;
	std::vector<std::string> kernel_files;	/* compiled from the kernel tree, kernel-relative */
	std::vector<std::string> under_test;	/* whose frames name a de-duplication key */
	bool has_force_flag;		/* SWIOTLB_FORCE exists (gone in 7.3) */
	bool rcu_work_free;		/* pools are freed through rcu_work (the seed fix) */
	bool cc_shared;			/* 7.3's cc_shared rework */
};
const Variant &variant();

/* Restore every static of the ported file to its initial value. */
void swiotlb_reset_globals();

/* Boot-time set-up as the architectures do it. */
void swiotlb_boot(bool addressing_limit, bool force, bool any, bool verbose);
int swiotlb_late_init(size_t size, unsigned gfp);
void swiotlb_arch_mem_encrypt_init();	/* swiotlb_update_mem_attributes() */
void swiotlb_teardown();			/* swiotlb_exit() */
void swiotlb_pin_pool();			/* default_swiotlb_base(): no dynamic growth */
void swiotlb_setup_arch_size(unsigned long size);	/* swiotlb_adjust_size() */
unsigned long swiotlb_default_size();		/* swiotlb_size_or_default() */
uint64_t swiotlb_default_limit();		/* default_swiotlb_limit() */

SwiotlbView swiotlb_view(struct device *dev);
size_t swiotlb_max_mapping(struct device *dev);
bool swiotlb_is_bounce_buffer(struct device *dev, uint64_t phys);
bool swiotlb_active(struct device *dev);

/* Entry points (the kernel-named DMA API lives in the glue too). */
uint64_t swiotlb_tbl_map(struct device *dev, uint64_t phys, size_t size, unsigned align_mask, int dir,
			 unsigned long attrs);
void swiotlb_tbl_unmap(struct device *dev, uint64_t tlb, size_t size, int dir, unsigned long attrs);

} /* namespace kctx */

/*
 * The DMA API, through the glue: each calls the real kernel/dma/mapping.c
 * function of its name (without the kctx_ prefix) with the variant's types.
 */
uint64_t kctx_dma_map_page_attrs(struct device *dev, struct page *page, size_t offset, size_t size, int dir,
				 unsigned long attrs);
void kctx_dma_unmap_page_attrs(struct device *dev, uint64_t addr, size_t size, int dir, unsigned long attrs);
void kctx_dma_sync_single_for_cpu(struct device *dev, uint64_t addr, size_t size, int dir);
void kctx_dma_sync_single_for_device(struct device *dev, uint64_t addr, size_t size, int dir);
unsigned int kctx_dma_map_sg_attrs(struct device *dev, struct scatterlist *sg, int nents, int dir,
				   unsigned long attrs);
void kctx_dma_unmap_sg_attrs(struct device *dev, struct scatterlist *sg, int nents, int dir, unsigned long attrs);
void kctx_dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sg, int nents, int dir);
void kctx_dma_sync_sg_for_device(struct device *dev, struct scatterlist *sg, int nents, int dir);
void *kctx_dma_alloc_attrs(struct device *dev, size_t size, uint64_t *dma_handle, unsigned gfp, unsigned long attrs);
void kctx_dma_free_attrs(struct device *dev, size_t size, void *cpu_addr, uint64_t dma_handle, unsigned long attrs);
/* a driver's probe: dma_set_mask(), then dma_set_coherent_mask(); the first error */
int kctx_dma_set_masks(struct device *dev, uint64_t mask, uint64_t coherent_mask);
struct page *kctx_dma_alloc_pages(struct device *dev, size_t size, uint64_t *dma_handle, int dir, unsigned gfp);
void kctx_dma_free_pages(struct device *dev, size_t size, struct page *page, uint64_t dma_handle, int dir);
/* dma_get_sgtable_attrs() of a coherent allocation, then dma_can_mmap(): the page it names, NULL on error */
struct page *kctx_dma_sgtable_page(struct device *dev, void *cpu, uint64_t dma_handle, size_t size,
				   unsigned long attrs, bool *can_mmap);
uint64_t kctx_dma_map_resource(struct device *dev, uint64_t phys, size_t size, int dir, unsigned long attrs);
void kctx_dma_unmap_resource(struct device *dev, uint64_t addr, size_t size, int dir, unsigned long attrs);
/* What a driver asks of the DMA layer about a device (query): no state changes. */
struct DmaLimits {
	uint64_t required_mask;		/* dma_get_required_mask() */
	bool addressing_limited;	/* dma_addressing_limited() */
	size_t max_mapping, opt_mapping;	/* dma_max_mapping_size(), dma_opt_mapping_size() */
};
DmaLimits kctx_dma_limits(struct device *dev);
bool kctx_dma_need_sync(struct device *dev, uint64_t dma);	/* dma_need_sync() */
