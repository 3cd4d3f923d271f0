/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dma-iommu entry points kernel/dma/mapping.c dispatches to.  kctx's
 * IOMMU devices are the untrusted ones; their streaming mappings take
 * dma-iommu's swiotlb bounce path, modelled per kernel variant in
 * swiotlb/glue/glue.cc.  The rest is stubbed there: the harness allocates
 * coherent memory only for dma-direct devices.
 */
#ifndef _KSHIM_LINUX_IOMMU_DMA_H
#define _KSHIM_LINUX_IOMMU_DMA_H
#include <linux/dma-direction.h>
#include <linux/device.h>
#include <linux/gfp_types.h>
struct page;
struct scatterlist;
struct sg_table;
struct vm_area_struct;

/* dup: CONFIG_IOMMU_DMA's test */
static inline bool use_dma_iommu(struct device *dev)
{
	return dev->kshim_untrusted;
}
/* model (glue.cc): the swiotlb bounce path, with 6.12's page and 7.2's phys entry points */
typedef enum dma_data_direction kshim_dmadir_t;
dma_addr_t iommu_dma_map_page(struct device *, struct page *, unsigned long off, size_t len, kshim_dmadir_t,
			      unsigned long);
dma_addr_t iommu_dma_map_phys(struct device *, phys_addr_t, size_t len, kshim_dmadir_t, unsigned long);
void iommu_dma_unmap_page(struct device *, dma_addr_t, size_t len, kshim_dmadir_t, unsigned long);
void iommu_dma_unmap_phys(struct device *, dma_addr_t, size_t len, kshim_dmadir_t, unsigned long);
int iommu_dma_map_sg(struct device *, struct scatterlist *, int nents, kshim_dmadir_t, unsigned long);
void iommu_dma_unmap_sg(struct device *, struct scatterlist *, int nents, kshim_dmadir_t, unsigned long);
void iommu_dma_sync_single_for_cpu(struct device *, dma_addr_t, size_t len, kshim_dmadir_t);
void iommu_dma_sync_single_for_device(struct device *, dma_addr_t, size_t len, kshim_dmadir_t);
void iommu_dma_sync_sg_for_cpu(struct device *, struct scatterlist *, int nents, kshim_dmadir_t);
void iommu_dma_sync_sg_for_device(struct device *, struct scatterlist *, int nents, kshim_dmadir_t);
/* stub (glue.cc): the rest of dma-iommu, which the harness never reaches */
dma_addr_t iommu_dma_map_resource(struct device *, phys_addr_t, size_t, kshim_dmadir_t, unsigned long);
void iommu_dma_unmap_resource(struct device *, dma_addr_t, size_t, kshim_dmadir_t, unsigned long);
void *iommu_dma_alloc(struct device *, size_t, dma_addr_t *, gfp_t, unsigned long);
void iommu_dma_free(struct device *, size_t, void *, dma_addr_t, unsigned long);
int iommu_dma_mmap(struct device *, struct vm_area_struct *, void *, dma_addr_t, size_t, unsigned long);
int iommu_dma_get_sgtable(struct device *, struct sg_table *, void *, dma_addr_t, size_t, unsigned long);
unsigned long iommu_dma_get_merge_boundary(struct device *);
size_t iommu_dma_opt_mapping_size();
size_t iommu_dma_max_mapping_size(struct device *);
void iommu_dma_free_noncontiguous(struct device *, size_t, struct sg_table *, kshim_dmadir_t);
struct sg_table *iommu_dma_alloc_noncontiguous(struct device *, size_t, kshim_dmadir_t, gfp_t, unsigned long);
void *iommu_dma_vmap_noncontiguous(struct device *, size_t, struct sg_table *);
int iommu_dma_mmap_noncontiguous(struct device *, struct vm_area_struct *, size_t, struct sg_table *);
static inline void iommu_dma_vunmap_noncontiguous(struct device *, void *) { }
#endif
