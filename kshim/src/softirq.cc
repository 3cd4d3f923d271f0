// SPDX-License-Identifier: GPL-2.0
/*
 * kshim softirqs, tasklets and ksoftirqd, after kernel/softirq.c: softirqs
 * run on interrupt exit or local_bh_enable() when not in interrupt context,
 * and in ksoftirqd when raised from task context or when the restart limit
 * is hit (the choice stream stands for "too long" and need_resched()).
 * Timers and the tick are timer.cc's.
 */
#include "sched.h"
#include "softirq.h"
#include "context.h"
#include "lockdep.h"
#include "printk.h"
#include "report.h"
#include "stacktrace.h"

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/interrupt.h>
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/sched.h>

#include <algorithm>

namespace kshim {

static void (*softirq_vec[NR_SOFTIRQS])(void);
static const char *const softirq_names[NR_SOFTIRQS] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU",
};

struct TaskletList {
	tasklet_struct *head = nullptr, **tail = &head;
};
static TaskletList tasklets[4];
static bool ksoftirqd_should_stop;

} /* namespace kshim */
static void tasklet_action(void);
namespace kshim {

void softirq_reset()
{
	std::fill(std::begin(softirq_vec), std::end(softirq_vec), nullptr);
	softirq_vec[TASKLET_SOFTIRQ] = tasklet_action;
	for (auto &t : tasklets) {
		t.head = nullptr;
		t.tail = &t.head;	/* not a copy of a temporary: tail points into itself */
	}
	ksoftirqd_should_stop = false;
}

/*
 * handle_softirqs()'s check, in its words (vector number, name, the
 * handler as %p prints it), the line alone as the kernel prints it; kctx
 * keeps the stack only for its key.  syzkaller has no
 * title for the line: the report is named after the handler.
 */
static void leak_report(unsigned nr, void (*action)(void), unsigned before, unsigned after)
{
	ReportBuilder rb;
	rb.kind = "SOFTIRQ_LEAK";
	rb.header = strf("huh, entered softirq %u %s %s with preempt_count %08x, exited with %08x?", nr,
			 softirq_names[nr], fake_address((void *)action).c_str(), before, after);
	rb.title_hint = strf("BUG: softirq leaked preempt count in %s", symbol_name((void *)action).c_str());
	/* handle_softirqs() prints the one pr_err() line, with no stack (kernel/softirq.c:582) */
	rb.with_cpu_line = false;
	rb.with_trace = false;
	emit_report(rb);
}

} /* namespace kshim */

using namespace kshim;

/* dup: !PREEMPT_RT's; RT's skips the wakeup while BHs are disabled, which kctx does not model */
static bool should_wake_ksoftirqd(void)
{
	return true;
}

/* model: the per-CPU pending mask, ksoftirqd and the softirq loop run on the simulated CPUs */
void open_softirq(int nr, void (*action)(void))
{
	softirq_vec[nr] = action;
}

unsigned int local_softirq_pending(void)
{
	return this_cpu().softirq_pending;
}

noinline void smpboot_thread_fn(void *data);

namespace kshim {
static void ksoftirqd_main(void *data)
{
	smpboot_thread_fn(data);
}

void wakeup_softirqd_on(unsigned cpu)
{
	Cpu &c = sim.cpus[cpu];
	if (!c.ksoftirqd) {
		char name[16];
		snprintf(name, sizeof(name), "ksoftirqd/%u", cpu);
		c.ksoftirqd = create_task(name, cpu, TaskKind::ksoftirqd, ksoftirqd_main, (void *)(uintptr_t)cpu);
		return;
	}
	wake_task(c.ksoftirqd);
}
} /* namespace kshim */

/* model */
static void wakeup_softirqd(void)
{
	wakeup_softirqd_on(cur()->cpu);
}

void raise_softirq_irqoff(unsigned int nr)
{
	this_cpu().softirq_pending |= 1u << nr;
	if (!in_interrupt() && should_wake_ksoftirqd())
		wakeup_softirqd();
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

/* The softirq loop.  Entered with interrupts disabled. */
noinline void handle_softirqs(bool ksirqd)
{
	task_struct *t = cur();
	Cpu &c = sim.cpus[t->cpu];
	int max_restart = 10;

	/* softirq_handle_begin(); on RT it is empty: the caller holds the BH lock at SOFTIRQ_OFFSET */
	if (!rt()) {
		pc_add(t, SOFTIRQ_OFFSET, __builtin_return_address(0));
		softirqs_off_trace(t, __builtin_return_address(0));
	}
	lockdep_softirq_enter();
restart:
	unsigned pending = c.softirq_pending;
	c.softirq_pending = 0;
	local_irq_enable();
	for (unsigned nr = 0; nr < NR_SOFTIRQS; nr++) {
		if (!(pending & (1u << nr)) || !softirq_vec[nr])
			continue;
		unsigned prev = t->preempt_count;
		if (sim.trace_on)
			trace_note(strf("cpu%u %s/%d: %s softirq", t->cpu, t->comm, t->pid, softirq_names[nr]));
		softirq_vec[nr]();
		if (t->preempt_count != prev) {
			leak_report(nr, softirq_vec[nr], prev, t->preempt_count);
			t->preempt_count = prev;
		}
	}
	local_irq_disable();
	if (c.softirq_pending) {
		if (--max_restart && choose(Choice::softirq_defer, 2) == 0)
			goto restart;
		wakeup_softirqd_on(t->cpu);
	}
	lockdep_softirq_exit();
	if (!rt()) {	/* softirq_handle_end() */
		softirqs_on_trace(t, __builtin_return_address(0));
		pc_sub(t, SOFTIRQ_OFFSET);
	}
	(void)ksirqd;
}

noinline void invoke_softirq(void)
{
	if (sim.cfg.preempt == Preempt::rt) {
		/* PREEMPT_RT: softirqs are always threaded */
		wakeup_softirqd();
		return;
	}
	handle_softirqs(false);
}

noinline void do_softirq(void)
{
	unsigned long flags;

	if (in_interrupt())
		return;
	local_irq_save(flags);
	if (local_softirq_pending())
		handle_softirqs(false);
	local_irq_restore(flags);
}

/*
 * ksoftirqd_run_begin() and _end(): on PREEMPT_RT ksoftirqd enters a BH
 * disabled section at SOFTIRQ_OFFSET, which takes the BH local_lock and an
 * RCU reader, so the handlers run at RCU nest depth 2 (kernel/softirq.c:
 * 260-274 in 6.12.117); elsewhere they only disable interrupts.
 */
static void ksoftirqd_run_begin(void)
{
	if (rt())
		__local_bh_disable_ip(_RET_IP_, SOFTIRQ_OFFSET);
	local_irq_disable();
}

static void ksoftirqd_run_end(void)
{
	if (rt())
		__local_bh_enable_rt(SOFTIRQ_OFFSET, true, _RET_IP_);
	local_irq_enable();
}

noinline void run_ksoftirqd(unsigned int cpu)
{
	(void)cpu;
	ksoftirqd_run_begin();
	if (local_softirq_pending()) {
		handle_softirqs(true);
		ksoftirqd_run_end();
		kshim_cond_resched_at("kernel/softirq.c", 954);
		return;
	}
	ksoftirqd_run_end();
}

noinline void smpboot_thread_fn(void *data)
{
	unsigned cpu = (unsigned)(uintptr_t)data;
	task_struct *t = cur();
	for (;;) {
		if (!sim.cpus[cpu].softirq_pending) {
			t->state = TaskState::blocked;
			t->parked = true;
			block_current(&sim.cpus[cpu].ksoftirqd);
			t->parked = false;
			continue;
		}
		run_ksoftirqd(cpu);
	}
}

/* ---- tasklets --------------------------------------------------------------------------- */

/* model */

void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *))
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->use_callback = true;
	t->callback = callback;
	t->data = 0;
}

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->use_callback = false;
	t->func = func;
	t->data = data;
}

void tasklet_schedule(struct tasklet_struct *t)
{
	unsigned long flags;

	if (test_and_set_bit(0, &t->state))
		return;	/* already scheduled */
	local_irq_save(flags);
	TaskletList &l = tasklets[cur()->cpu];
	t->next = NULL;
	*l.tail = t;
	l.tail = &t->next;
	raise_softirq_irqoff(TASKLET_SOFTIRQ);
	local_irq_restore(flags);
}

void tasklet_hi_schedule(struct tasklet_struct *t)
{
	tasklet_schedule(t);
}

noinline static void tasklet_action_common(TaskletList &l)
{
	local_irq_disable();
	tasklet_struct *list = l.head;
	l.head = nullptr;
	l.tail = &l.head;
	local_irq_enable();
	while (list) {
		tasklet_struct *t = list;
		list = list->next;
		clear_bit(0, &t->state);
		if (t->use_callback)
			t->callback(t);
		else
			t->func(t->data);
	}
}

/* a kernel name: a report names the softirq handler */
static noinline void tasklet_action(void)
{
	tasklet_action_common(tasklets[kshim::cur()->cpu]);
}
