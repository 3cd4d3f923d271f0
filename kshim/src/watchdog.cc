// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's watchdogs, in simulated time (watchdog.h).  Time passes with
 * ticks; a CPU that keeps running takes one every kPointsPerTick shim
 * points, so a CPU that spins makes time pass, and the host lets time pass
 * to the next watchdog when nothing can run.  A watchdog's report ends the
 * run, as the kernel's panic-on-hang settings would: kctx would otherwise
 * spin along with the kernel.
 */
#include "watchdog.h"
#include "context.h"
#include "lockdep.h"
#include "printk.h"
#include "rcu.h"
#include "report.h"
#include "stacktrace.h"

#include <linux/jiffies.h>
#include <linux/preempt.h>

namespace kshim {

static unsigned long hung_next;	/* khungtaskd's next scan */

void watchdog_reset()
{
	hung_next = kHungTaskTimeout;
	sim.halted = false;
	for (Cpu &c : sim.cpus) {
		c.wd_points = 0;
		c.wd_touch = jiffies;
		c.wd_next = jiffies + kWatchdogPeriod;
		c.wd_reported = false;
		c.wd_stopper = false;
	}
}

void halt_run()
{
	sim.halted = true;
}

bool run_halted()
{
	return sim.halted;
}

void watchdog_point(Cpu &c)
{
	if (++c.wd_points >= kPointsPerTick) {
		c.wd_points = 0;
		c.tick_pending = true;
		c.wd_forced = true;
	}
}

void watchdog_touch(Cpu &c)
{
	c.wd_touch = jiffies;
	c.wd_reported = false;
}

/* watchdog_timer_fn(): the interrupted code's registers and trace, then the end of the run. */
static void soft_lockup(Cpu &c, unsigned long stuck)
{
	task_struct *t = cur();
	c.wd_reported = true;
	ReportBuilder rb;
	rb.kind = "LOCKUP";
	rb.header = strf("watchdog: BUG: soft lockup - CPU#%u stuck for %lus! [%s:%d]", c.id, stuck / HZ, t->comm,
			 t->pid);
	rb.body = "Modules linked in:\n";
	append_irqtrace(t, rb.body);
	rb.interrupted = true;
	emit_report(rb);
	halt_run();
}

/* check_hung_task(): a task in D state that has not run for a whole timeout. */
static bool hung_tasks()
{
	bool any = false;
	for (task_struct *t : sim.tasks) {
		if (t->state != TaskState::blocked || t->parked || !t->block_trace ||
		    jiffies - t->blocked_since < kHungTaskTimeout)
			continue;
		ReportBuilder rb;
		rb.kind = "HANG";
		rb.header = strf("INFO: task %s:%d blocked for more than %lu seconds.", t->comm, t->pid,
				 (jiffies - t->blocked_since) / HZ);
		rb.body = strf("      %s %s #1\n", print_tainted().c_str(), kernel_release());
		rb.body += "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n";
		rb.body += strf("task:%-15.15s state:D stack:0     pid:%-5d tgid:%-5d ppid:2      flags:0x00004000\n",
				t->comm, t->pid, t->pid);
		debug_show_held_locks(t, rb.body);
		emit_report_with_trace(rb, *t->block_trace, t);
		any = true;
	}
	return any;
}

void watchdog_tick(Cpu &c)
{
	task_struct *t = cur();
	/* the idle task, resting in do_idle(): the CPU schedules */
	if (t->kind == TaskKind::idle && c.idle_resting && (t->preempt_count & ~HARDIRQ_MASK) == task_base_preempt_count(t))
		watchdog_touch(c);
	if (time_after_eq(jiffies, c.wd_next)) {
		c.wd_next = jiffies + kWatchdogPeriod;
		c.wd_stopper = true;	/* stop_one_cpu_nowait(softlockup_fn): runs once the CPU schedules */
		/* is_softlockup(): whole seconds past the threshold */
		if (!c.wd_reported && (jiffies - c.wd_touch) / HZ > kSoftlockupThresh / HZ)
			soft_lockup(c, jiffies - c.wd_touch);
	}
	if (time_after_eq(jiffies, hung_next)) {
		hung_next = jiffies + kHungTaskTimeout;
		if (hung_tasks())
			halt_run();
	}
}

/* The first khungtaskd scan at or after `when`. */
static unsigned long hung_scan_after(unsigned long when)
{
	unsigned long scan = hung_next;
	while (time_before(scan, when))
		scan += kHungTaskTimeout;
	return scan;
}

bool watchdog_wait_out()
{
	/*
	 * A CPU spinning with interrupts off takes no tick: nothing on it
	 * notices, and the soft-lockup detector of the CPU is what the kernel's
	 * logs show first (the hard-lockup detector is an NMI kctx does not
	 * model).  Blocked tasks wait for khungtaskd; a grace period that
	 * cannot end, for RCU's stall detector.
	 */
	unsigned long lockup = ~0UL, hung = ~0UL, stall = rcu_stall_due();
	task_struct *spinner = nullptr;
	for (task_struct *t : sim.tasks) {
		if (t->state == TaskState::spinning && t->block_trace) {
			unsigned long at = sim.cpus[t->cpu].wd_touch + kSoftlockupThresh + 1;
			if (at < lockup) {
				lockup = at;
				spinner = t;
			}
		} else if (t->state == TaskState::blocked && !t->parked && t->block_trace) {
			hung = std::min(hung, hung_scan_after(t->blocked_since + kHungTaskTimeout));
		}
	}
	unsigned long first = std::min({ lockup, hung, stall });
	if (first == ~0UL)
		return false;
	if (time_after(first, jiffies))
		jiffies = first;
	if (first == stall) {
		rcu_report_stall_from_host();
	} else if (first == lockup) {
		Cpu &c = sim.cpus[spinner->cpu];
		c.wd_reported = true;
		ReportBuilder rb;
		rb.kind = "LOCKUP";
		rb.header = strf("watchdog: BUG: soft lockup - CPU#%u stuck for %lus! [%s:%d]", c.id,
				 (jiffies - c.wd_touch) / HZ, spinner->comm, spinner->pid);
		rb.body = "Modules linked in:\n";
		append_irqtrace(spinner, rb.body);
		rb.interrupted = true;	/* the watchdog's interrupt shows where the CPU was: RIP */
		emit_report_with_trace(rb, *spinner->block_trace, spinner);
	} else {
		hung_next = first + kHungTaskTimeout;
		hung_tasks();
	}
	halt_run();
	return true;
}

bool watchdog_step()
{
	if (++sim.steps <= kStepBudget)
		return true;
	/* a livelock no clock sees: say what can still run, and where */
	ReportBuilder rb;
	rb.kind = "KCTX";
	rb.header = "BUG: kctx: livelock: the run did not end within its step budget";
	rb.title_hint = "BUG: kctx: livelock";
	rb.body = strf("%llu scheduler steps; what could still run:\n", kStepBudget);
	for (task_struct *t : sim.tasks)
		if (t->state == TaskState::runnable || t->state == TaskState::spinning)
			rb.body += strf("  %s/%d on cpu%u: %s, preempt_count %08x%s\n", t->comm, t->pid, t->cpu,
					t->state == TaskState::spinning ? "spinning" : "runnable", t->preempt_count,
					t->irqs_off ? ", irqs disabled" : "");
	for (unsigned i = 0; i < sim.cfg.ncpus; i++)
		if (sim.cpus[i].tick_pending || hardirq_pending(sim.cpus[i]))
			rb.body += strf("  cpu%u: an interrupt pending\n", i);
	RawTrace none;
	emit_report_with_trace(rb, none, host_task);
	halt_run();
	return false;
}

} /* namespace kshim */
