// SPDX-License-Identifier: GPL-2.0
/*
 * kshim's cross-CPU function calls (kernel/smp.c).  Only their context
 * rules matter here: a caller with interrupts off can deadlock on the IPIs,
 * and one outside task context can deadlock on the per-CPU csd, so
 * smp_call_function_many_cond() asserts both, at the lines of 6.12's
 * kernel/smp.c that reports name.  The functions kshim passes (TLB
 * flushes) have no simulated effect on other CPUs, so those run nothing;
 * the calling CPU runs its own with interrupts off, as SCF_RUN_LOCAL does.
 */
#include "sched.h"

#include <linux/bug.h>
#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/smp.h>

/* model */
noinline static void smp_call_function_many_cond(smp_call_func_t func, void *info)
{
	lockdep_assert_preemption_disabled();
	/* the CPU is online, no oops is in progress, boot has enabled interrupts */
	lockdep_assert_irqs_enabled_at("kernel/smp.c", 807);
	WARN_ONCE_AT("kernel/smp.c", 815, !in_task(), nullptr);
	unsigned long flags;
	local_irq_save(flags);
	func(info);
	local_irq_restore(flags);
}

/* model: on_each_cpu() is on_each_cpu_cond_mask() over the online CPUs */
noinline static void on_each_cpu_cond_mask(smp_call_func_t func, void *info)
{
	preempt_disable();
	smp_call_function_many_cond(func, info);
	preempt_enable();
}

void on_each_cpu(smp_call_func_t func, void *info, int wait)
{
	(void)wait;	/* the simulated CPUs' calls complete at once */
	on_each_cpu_cond_mask(func, info);
}
