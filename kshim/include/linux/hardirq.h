/* SPDX-License-Identifier: GPL-2.0 */
/* model */
#ifndef _KSHIM_LINUX_HARDIRQ_H
#define _KSHIM_LINUX_HARDIRQ_H
#include <linux/preempt.h>
void irq_enter(void);
void irq_exit(void);
#endif
