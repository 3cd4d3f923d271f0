/* SPDX-License-Identifier: GPL-2.0 */
/* model: work items; valid when zero-filled */
#ifndef _KSHIM_LINUX_WORKQUEUE_TYPES_H
#define _KSHIM_LINUX_WORKQUEUE_TYPES_H
#include <linux/types.h>
#include <linux/lockdep_types.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	atomic_long_t data;		/* bit 0: pending */
	struct list_head entry;
	work_func_t func;
	struct lockdep_map lockdep_map;
};
#endif
