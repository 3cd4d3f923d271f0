/* SPDX-License-Identifier: GPL-2.0 */
/* stub: kctx builds without CONFIG_DMA_CMA: there is no contiguous area, dev_get_cma_area() is NULL */
#ifndef _KSHIM_LINUX_CMA_H
#define _KSHIM_LINUX_CMA_H
#include <linux/types.h>
struct cma;
static inline phys_addr_t cma_get_base(const struct cma *cma)
{
	(void)cma;
	return 0;
}
static inline unsigned long cma_get_size(const struct cma *cma)
{
	(void)cma;
	return 0;
}
#endif
