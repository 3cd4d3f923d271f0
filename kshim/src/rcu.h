/* SPDX-License-Identifier: GPL-2.0 */
/* RCU's grace periods and callbacks (rcu.cc), as the scheduler and the tick see them. */
#pragma once

struct task_struct;

namespace kshim {

struct Cpu;

/* Also installs the RCU_SOFTIRQ handler, as rcu_init() does. */
void rcu_reset();
void rcu_note_qs(unsigned cpu, bool from_idle_or_user);
void rcu_note_context_switch(task_struct *prev);
/* rcu_data.rcu_urgent_qs: the grace period is old enough that a cond_resched() should report */
bool rcu_urgent_qs(unsigned cpu);
void rcu_tick(Cpu &c, int user_or_idle);	/* rcu_sched_clock_irq() */
bool rcu_wants_tick(const Cpu &c);
bool rcu_gp_advance();			/* host: start/finish grace periods; true on progress */
bool rcu_gp_can_advance();
bool rcu_idle();			/* no callbacks and no grace period pending */
/* RCU's CPU stall detector: when it would fire (~0UL: no grace period), and its report from the host. */
unsigned long rcu_stall_due();
void rcu_report_stall_from_host();

} /* namespace kshim */
