/* SPDX-License-Identifier: GPL-2.0 */
/* dup: one node; NUMA is not modelled */
#ifndef _KSHIM_LINUX_NUMA_H
#define _KSHIM_LINUX_NUMA_H
#define NUMA_NO_NODE	(-1)
#endif
