/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The context model (context.cc): preempt_count arithmetic with the
 * DEBUG_PREEMPT bookkeeping, lockdep's irqtrace events, and taking the
 * interrupts pending on a CPU.
 */
#pragma once

#include <string>

struct task_struct;

namespace kshim {

struct Cpu;

void pc_add(task_struct *t, unsigned val, void *ip);	/* ip: where preemption got disabled */
void pc_sub(task_struct *t, unsigned val);
void softirqs_off_trace(task_struct *t, void *ip);
void softirqs_on_trace(task_struct *t, void *ip);
void append_irqtrace(task_struct *t, std::string &out);	/* "irq event stamp: ..." */
bool preempt_rcu();			/* CONFIG_PREEMPT_RCU for the configured model */
bool hardirq_pending(const Cpu &c);
void do_hardirq_work(Cpu &c);		/* run pending hardirq handlers on this CPU's fiber */

} /* namespace kshim */

/* kernel/sched/core.c's report, named as there: it is a frame in traces. */
void __schedule_bug(struct task_struct *prev);
