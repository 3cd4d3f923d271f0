/* SPDX-License-Identifier: GPL-2.0 */
/* model: timer_list; expired timers run from TIMER_SOFTIRQ */
#ifndef _KSHIM_LINUX_TIMER_H
#define _KSHIM_LINUX_TIMER_H
#include <linux/types.h>
#include <linux/jiffies.h>
#include <linux/lockdep_types.h>
#include <linux/container_of.h>

struct timer_list {
	struct hlist_node entry;
	unsigned long expires;
	void (*function)(struct timer_list *);
	u32 flags;
	int cpu;
	bool pending;
	struct lockdep_map lockdep_map;
};

void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *), unsigned int flags);
void add_timer(struct timer_list *timer);
void add_timer_on(struct timer_list *timer, int cpu);
int mod_timer(struct timer_list *timer, unsigned long expires);
int del_timer(struct timer_list *timer);
int del_timer_sync(struct timer_list *timer);
int timer_pending(const struct timer_list *timer);
#define timer_delete(t)		del_timer(t)
#define timer_delete_sync(t)	del_timer_sync(t)
/* dup */
#define from_timer(var, callback_timer, timer_fieldname) \
	container_of(callback_timer, __typeof__(*var), timer_fieldname)
#define timer_container_of from_timer
#define TIMER_IRQSAFE	0x00200000
#endif
