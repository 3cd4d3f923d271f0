/* SPDX-License-Identifier: GPL-2.0 */
/* model: time advances only through scheduling-clock ticks */
#ifndef _KSHIM_LINUX_JIFFIES_H
#define _KSHIM_LINUX_JIFFIES_H
#define HZ	250
extern volatile unsigned long jiffies;
/* dup */
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
unsigned long msecs_to_jiffies(unsigned int m);
#endif
