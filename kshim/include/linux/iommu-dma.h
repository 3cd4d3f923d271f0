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
/* model (glue.cc): the swiotlb bounce path */
dma_addr_t iommu_dma_map_page(struct device *dev, struct page *page, unsigned long offset, size_t size,
			      enum dma_data_direction dir, unsigned long attrs);
void iommu_dma_unmap_page(struct device *dev, dma_addr_t dma_handle, size_t size, enum dma_data_direction dir,
			  unsigned long attrs);
dma_addr_t iommu_dma_map_phys(struct device *dev, phys_addr_t phys, size_t size, enum dma_data_direction dir,
			      unsigned long attrs);	/* 7.2 */
void iommu_dma_unmap_phys(struct device *dev, dma_addr_t dma_handle, size_t size, enum dma_data_direction dir,
			  unsigned long attrs);
int iommu_dma_map_sg(struct device *dev, struct scatterlist *sg, int nents, enum dma_data_direction dir,
		     unsigned long attrs);
void iommu_dma_unmap_sg(struct device *dev, struct scatterlist *sg, int nents, enum dma_data_direction dir,
			unsigned long attrs);
void iommu_dma_sync_single_for_cpu(struct device *dev, dma_addr_t dma_handle, size_t size,
				   enum dma_data_direction dir);
void iommu_dma_sync_single_for_device(struct device *dev, dma_addr_t dma_handle, size_t size,
				      enum dma_data_direction dir);
void iommu_dma_sync_sg_for_cpu(struct device *dev, struct scatterlist *sgl, int nelems,
			       enum dma_data_direction dir);
void iommu_dma_sync_sg_for_device(struct device *dev, struct scatterlist *sgl, int nelems,
				  enum dma_data_direction dir);
/* stub (glue.cc): the rest of dma-iommu, which the harness never reaches */
dma_addr_t iommu_dma_map_resource(struct device *dev, phys_addr_t phys, size_t size, enum dma_data_direction dir,
				  unsigned long attrs);
void iommu_dma_unmap_resource(struct device *dev, dma_addr_t handle, size_t size, enum dma_data_direction dir,
			      unsigned long attrs);
void *iommu_dma_alloc(struct device *dev, size_t size, dma_addr_t *handle, gfp_t gfp, unsigned long attrs);
void iommu_dma_free(struct device *dev, size_t size, void *cpu_addr, dma_addr_t handle, unsigned long attrs);
int iommu_dma_mmap(struct device *dev, struct vm_area_struct *vma, void *cpu_addr, dma_addr_t dma_addr,
		   size_t size, unsigned long attrs);
int iommu_dma_get_sgtable(struct device *dev, struct sg_table *sgt, void *cpu_addr, dma_addr_t dma_addr,
			  size_t size, unsigned long attrs);
unsigned long iommu_dma_get_merge_boundary(struct device *dev);
size_t iommu_dma_opt_mapping_size(void);
size_t iommu_dma_max_mapping_size(struct device *dev);
void iommu_dma_free_noncontiguous(struct device *dev, size_t size, struct sg_table *sgt,
				  enum dma_data_direction dir);
struct sg_table *iommu_dma_alloc_noncontiguous(struct device *dev, size_t size, enum dma_data_direction dir,
					       gfp_t gfp, unsigned long attrs);
void *iommu_dma_vmap_noncontiguous(struct device *dev, size_t size, struct sg_table *sgt);
int iommu_dma_mmap_noncontiguous(struct device *dev, struct vm_area_struct *vma, size_t size,
				 struct sg_table *sgt);
static inline void iommu_dma_vunmap_noncontiguous(struct device *dev, void *vaddr)
{
	(void)dev, (void)vaddr;
}
#endif
