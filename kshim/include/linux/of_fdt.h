/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: model; flat device-tree properties of the simulated reserved-memory nodes. */
#ifndef _KSHIM_LINUX_OF_FDT_H
#define _KSHIM_LINUX_OF_FDT_H
const void *of_get_flat_dt_prop(unsigned long node, const char *name, int *size);
#endif
