// SPDX-License-Identifier: GPL-2.0
/*
 * kshim timers and the scheduling-clock tick, after kernel/time/timer.c:
 * timer_list on one list per machine, run from TIMER_SOFTIRQ on the CPU
 * they were queued on once jiffies reach their expiry, under the timer's
 * lockdep map as call_timer_fn() does; and update_process_times(), the tick
 * body, which advances jiffies, feeds RCU and raises TIMER_SOFTIRQ.
 * Simulated time moves only with ticks and the harness's advance_jiffies().
 */
#include "sched.h"
#include "timer.h"
#include "rcu.h"
#include "stacktrace.h"
#include "watchdog.h"

#include <linux/bug.h>
#include <linux/interrupt.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
#include <linux/timer.h>

#include <algorithm>

volatile unsigned long jiffies;	/* model: advanced by CPU 0's tick and advance_jiffies() */

namespace kshim {

static std::vector<timer_list *> timers;

static void timer_action(void);

void timer_reset()
{
	timers.clear();
	jiffies = 0;
	open_softirq(TIMER_SOFTIRQ, timer_action);
}

} /* namespace kshim */

using namespace kshim;

/* model: timers wait for simulated jiffies and run from TIMER_SOFTIRQ under their lockdep map */
void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *), unsigned int flags)
{
	timer->function = func;
	timer->flags = flags;
	timer->pending = false;
	timer->lockdep_map.name = "timer";
}

static void enqueue_timer(struct timer_list *timer, int cpu)
{
	timer->cpu = cpu;
	timer->pending = true;
	if (std::find(timers.begin(), timers.end(), timer) == timers.end())
		timers.push_back(timer);
}

void add_timer(struct timer_list *timer)
{
	enqueue_timer(timer, cur()->cpu);
}

void add_timer_on(struct timer_list *timer, int cpu)
{
	enqueue_timer(timer, cpu);
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	int was = timer->pending;
	timer->expires = expires;
	enqueue_timer(timer, cur()->cpu);
	return was;
}

int del_timer(struct timer_list *timer)
{
	int was = timer->pending;
	timer->pending = false;
	timers.erase(std::remove(timers.begin(), timers.end(), timer), timers.end());
	return was;
}

int del_timer_sync(struct timer_list *timer)
{
	/* The kernel's lockdep annotation: waiting for the handler is like taking its lock. */
	lock_map_acquire(&timer->lockdep_map);
	lock_map_release(&timer->lockdep_map);
	WARN_ON_AT("kernel/time/timer.c", 1658, in_hardirq() && !(timer->flags & TIMER_IRQSAFE));
	return del_timer(timer);
}

int timer_pending(const struct timer_list *timer)
{
	return timer->pending;
}

unsigned long msecs_to_jiffies(unsigned int m)	/* dup */
{
	return (m + (1000 / HZ) - 1) / (1000 / HZ);
}

noinline static void call_timer_fn(struct timer_list *timer, void (*fn)(struct timer_list *))
{
	unsigned count = preempt_count();
	lock_map_acquire(&timer->lockdep_map);
	fn(timer);
	lock_map_release(&timer->lockdep_map);
	if (count != preempt_count()) {
		WARN_ONCE_AT("kernel/time/timer.c", 1801, 1, "timer: %s preempt leak: %08x -> %08x\n",
			     symbolize_ip((void *)fn).c_str(), count, preempt_count());
		cur()->preempt_count = count;
	}
}

namespace kshim {
bool timers_due(unsigned cpu)
{
	for (timer_list *t : timers)
		if (t->pending && t->cpu == (int)cpu && time_after_eq(jiffies, t->expires))
			return true;
	return false;
}

bool timers_pending()
{
	return !timers.empty();
}

bool timers_pending(unsigned cpu)
{
	for (timer_list *t : timers)
		if (t->pending && t->cpu == (int)cpu)
			return true;
	return false;
}

void run_timer_softirq()
{
	unsigned cpu = cur()->cpu;
	for (;;) {
		timer_list *due = nullptr;
		for (timer_list *t : timers)
			if (t->pending && t->cpu == (int)cpu && time_after_eq(jiffies, t->expires)) {
				due = t;
				break;
			}
		if (!due)
			return;
		due->pending = false;
		timers.erase(std::remove(timers.begin(), timers.end(), due), timers.end());
		call_timer_fn(due, due->function);
	}
}

static noinline void timer_action(void)
{
	run_timer_softirq();
}

/* The body of the scheduling-clock interrupt (update_process_times). */
void tick_irq(Cpu &c, int user)
{
	/* CPU 0 keeps time; while it is idle (NO_HZ), the CPU that ticks does */
	if (c.id == 0 || cpu_is_idle(sim.cpus[0]))
		jiffies = jiffies + 1;
	/*
	 * A tick the CPU's own work made due (watchdog.h): time passes, and
	 * rcu_gp_kthread, asleep on an idle CPU meanwhile, does its work.
	 */
	if (c.wd_forced) {
		c.wd_forced = false;
		bool other_idle = false;
		for (unsigned i = 0; i < sim.cfg.ncpus; i++)
			other_idle |= i != c.id && cpu_is_idle(sim.cpus[i]);
		task_struct *t = cur();
		if (other_idle) {
			sim.current = host_task;	/* the kthread's own context */
			while (rcu_gp_advance())
				;
			sim.current = t;
		}
	}
	watchdog_tick(c);
	if (sim.halted)
		return;
	rcu_tick(c, user);
	if (timers_due(c.id))
		raise_softirq(TIMER_SOFTIRQ);
}

bool tick_wanted(const Cpu &c)
{
	return rcu_wants_tick(c) || timers_due(c.id);
}

void advance_jiffies(unsigned long ticks)
{
	jiffies = jiffies + ticks;
	for (unsigned i = 0; i < sim.cfg.ncpus; i++)
		if (timers_due(i))
			sim.cpus[i].tick_pending = true;
}
} /* namespace kshim */

/* model: the tick body: jiffies, RCU's quiescent states and callbacks, due timers */
noinline void update_process_times(int user_tick)
{
	Cpu &c = this_cpu();
	tick_irq(c, user_tick);
}
