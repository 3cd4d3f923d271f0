/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stub: the dma tracepoints, disabled as they are until someone enables
 * them: no argument is evaluated for an effect, and nothing is recorded.
 */
#ifndef _KSHIM_TRACE_EVENTS_DMA_H
#define _KSHIM_TRACE_EVENTS_DMA_H
#define __KSHIM_TRACEPOINT(name) \
	template <class... A> static inline void trace_##name(A &&...) {}
__KSHIM_TRACEPOINT(dma_map_page)
__KSHIM_TRACEPOINT(dma_map_phys)
__KSHIM_TRACEPOINT(dma_unmap_page)
__KSHIM_TRACEPOINT(dma_unmap_phys)
__KSHIM_TRACEPOINT(dma_map_resource)
__KSHIM_TRACEPOINT(dma_unmap_resource)
__KSHIM_TRACEPOINT(dma_map_sg)
__KSHIM_TRACEPOINT(dma_map_sg_err)
__KSHIM_TRACEPOINT(dma_unmap_sg)
__KSHIM_TRACEPOINT(dma_alloc)
__KSHIM_TRACEPOINT(dma_free)
__KSHIM_TRACEPOINT(dma_alloc_pages)
__KSHIM_TRACEPOINT(dma_free_pages)
__KSHIM_TRACEPOINT(dma_alloc_sgt)
__KSHIM_TRACEPOINT(dma_alloc_sgt_err)
__KSHIM_TRACEPOINT(dma_free_sgt)
__KSHIM_TRACEPOINT(dma_sync_single_for_cpu)
__KSHIM_TRACEPOINT(dma_sync_single_for_device)
__KSHIM_TRACEPOINT(dma_sync_sg_for_cpu)
__KSHIM_TRACEPOINT(dma_sync_sg_for_device)
#endif
