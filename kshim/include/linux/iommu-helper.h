/* SPDX-License-Identifier: GPL-2.0 */
/* dup: iommu_is_span_boundary() */
#ifndef _KSHIM_LINUX_IOMMU_HELPER_H
#define _KSHIM_LINUX_IOMMU_HELPER_H
#include <linux/bug.h>
#include <linux/log2.h>
static inline int iommu_is_span_boundary(unsigned int index, unsigned int nr, unsigned long shift,
					 unsigned long boundary_size)
{
	BUG_ON_AT("include/linux/iommu-helper.h", 23, !is_power_of_2(boundary_size));
	shift = (shift + index) & (boundary_size - 1);
	return shift + nr > boundary_size;
}
#endif
