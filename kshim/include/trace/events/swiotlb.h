/* SPDX-License-Identifier: GPL-2.0 */
/* model: the trace point counts its hits, which the harness reads back */
#ifndef _KSHIM_TRACE_EVENTS_SWIOTLB_H
#define _KSHIM_TRACE_EVENTS_SWIOTLB_H
#include <linux/types.h>
struct device;
void trace_swiotlb_bounced(struct device *dev, dma_addr_t dev_addr, size_t size);
#endif
