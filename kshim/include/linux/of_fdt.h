/* SPDX-License-Identifier: GPL-2.0 */
/* stub: kctx's restricted pools have none of the properties swiotlb asks for (reusable, no-map, ...) */
#ifndef _KSHIM_LINUX_OF_FDT_H
#define _KSHIM_LINUX_OF_FDT_H
const void *of_get_flat_dt_prop(unsigned long node, const char *name, int *size);
#endif
