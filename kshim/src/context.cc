// SPDX-License-Identifier: GPL-2.0
/*
 * kshim context model: preempt_count, the interrupt flag, bottom halves,
 * hardirq entry and exit, and the sleep checks (__might_resched and
 * friends), with the kernel's exact arithmetic (include/linux/preempt.h,
 * kernel/softirq.c, kernel/sched/core.c).
 */
#include "sched.h"
#include "context.h"
#include "lockdep.h"
#include "locking.h"
#include "printk.h"
#include "report.h"
#include "softirq.h"
#include "stacktrace.h"
#include "timer.h"

#include <linux/bug.h>
#include <linux/debug_locks.h>
#include <linux/bottom_half.h>
#include <linux/interrupt.h>
#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

/* DEBUG_PREEMPT's preempt_count_sub(), with the task made explicit (defined below) */
void preempt_count_sub(struct task_struct *t, unsigned val);

namespace kshim {

static void preempt_latency_start(task_struct *t, unsigned val, void *ip)
{
	if (t->preempt_count == val)
		t->preempt_disable_ip = ip;	/* DEBUG_PREEMPT: remembered for the report */
}

void pc_add(task_struct *t, unsigned val, void *ip)
{
	t->preempt_count += val;
	preempt_latency_start(t, val, ip);
}

void pc_sub(task_struct *t, unsigned val)
{
	::preempt_count_sub(t, val);
}

static void hardirqs_off(task_struct *t, void *ip)
{
	if (t->irqs_off)
		return;
	t->irqs_off = true;
	t->hardirq_disable_event = ++t->irq_events;
	t->hardirq_disable_ip = ip;
}

static void hardirqs_on(task_struct *t, void *ip)
{
	if (!t->irqs_off)
		return;
	/* lockdep_hardirqs_on_prepare()'s DEBUG_LOCKS_WARN_ON(lockdep_hardirq_context()) */
	if (debug_locks && t->hardirq_context)
		WARN_ONCE_AT("kernel/locking/lockdep.c", 4428, 1, "DEBUG_LOCKS_WARN_ON(lockdep_hardirq_context())");
	t->irqs_off = false;
	t->hardirq_enable_event = ++t->irq_events;
	t->hardirq_enable_ip = ip;
	lockdep_hardirqs_on_mark(t);
}

void softirqs_off_trace(task_struct *t, void *ip)
{
	t->softirq_disable_event = ++t->irq_events;
	t->softirq_disable_ip = ip;
}

void softirqs_on_trace(task_struct *t, void *ip)
{
	t->softirq_enable_event = ++t->irq_events;
	t->softirq_enable_ip = ip;
	lockdep_softirqs_on_mark(t);
}

/* ---- hardirq entry and exit ------------------------------------------------------ */

void irq_enter_hardirq()
{
	task_struct *t = cur();
	hardirqs_off(t, __builtin_return_address(0));
	pc_add(t, HARDIRQ_OFFSET, __builtin_return_address(0));
	lockdep_hardirq_enter();
}

void irq_exit_hardirq()
{
	task_struct *t = cur();
	lockdep_hardirq_exit();
	pc_sub(t, HARDIRQ_OFFSET);
}

bool hardirq_pending(const Cpu &c)
{
	return !c.irq_work.empty() || c.tick_pending;
}

} /* namespace kshim */

using namespace kshim;

/*
 * model: the interrupt entry chain.  Each function carries the x86
 * kernel's name so that a report from interrupt context has the kernel's
 * shape: the handler frames, then __irq_exit_rcu/irq_exit_rcu, then the
 * vector function, and the asm_* entry as the first frame of the
 * interrupted task.
 */
extern "C" {
noinline void __irq_exit_rcu(void);
noinline void irq_exit_rcu(void);
}

noinline void __irq_exit_rcu(void)
{
	task_struct *t = cur();
	irq_exit_hardirq();
	if (!in_interrupt() && local_softirq_pending())
		invoke_softirq();
	(void)t;
}

noinline void irq_exit_rcu(void)
{
	__irq_exit_rcu();
	barrier();
}

noinline void handle_irq_event(void *data)
{
	IrqWork *w = (IrqWork *)data;
	w->fn(w->arg);
}

noinline void sysvec_apic_timer_interrupt(void)
{
	task_struct *t = cur();
	bool user = t->kind == TaskKind::idle;	/* idle counts as a quiescent state */
	irq_enter_hardirq();
	update_process_times(user);
	irq_exit_rcu();
	barrier();
}

noinline void common_interrupt(void)
{
	Cpu &c = this_cpu();
	irq_enter_hardirq();
	while (!c.irq_work.empty()) {
		IrqWork w = c.irq_work.front();
		c.irq_work.pop_front();
		handle_irq_event(&w);
	}
	irq_exit_rcu();
	barrier();
}

noinline void asm_sysvec_apic_timer_interrupt(void)
{
	sysvec_apic_timer_interrupt();
	barrier();
}

noinline void asm_common_interrupt(void)
{
	common_interrupt();
	barrier();
}

namespace kshim {

/* Take the pending interrupts on this CPU, on the current task's stack. */
void do_hardirq_work(Cpu &c)
{
	task_struct *t = cur();
	bool was_off = t->irqs_off;
	if (!c.irq_work.empty())
		asm_common_interrupt();
	if (c.tick_pending) {
		c.tick_pending = false;
		asm_sysvec_apic_timer_interrupt();
	}
	/* Returning from the interrupt restores the interrupted context's flag. */
	t->irqs_off = was_off;
}

} /* namespace kshim */

/* ---- preemption ------------------------------------------------------------------------- */

/* model: the count lives in the simulated task; an enable is a preemption point */

unsigned int preempt_count(void)
{
	return cur()->preempt_count;
}

unsigned int softirq_count(void)
{
	task_struct *t = cur();
	if (rt())
		return t->softirq_disable_cnt & SOFTIRQ_MASK;
	return t->preempt_count & SOFTIRQ_MASK;
}

void preempt_count_add(int val)
{
	pc_add(cur(), val, __builtin_return_address(0));
}

void preempt_count_sub(int val)
{
	pc_sub(cur(), val);
}

/* Named for the kernel function whose DEBUG_PREEMPT check this is: a WARN here names it. */
noinline void preempt_count_sub(task_struct *t, unsigned val)
{
	if (DEBUG_LOCKS_WARN_ON_AT("kernel/sched/core.c", 5858, val > t->preempt_count))
		return;
	t->preempt_count -= val;
}

void preempt_disable(void)
{
	pc_add(cur(), 1, __builtin_return_address(0));
}

void preempt_enable_no_resched(void)
{
	pc_sub(cur(), 1);
}

void preempt_enable(void)
{
	task_struct *t = cur();
	pc_sub(t, 1);
	if (t->preempt_count == 0 && !t->irqs_off)
		sched_point(Point::preempt_enable);
}

void migrate_disable(void)
{
	cur()->migration_disabled++;
}

void migrate_enable(void)
{
	cur()->migration_disabled--;
}

bool irqs_disabled(void)
{
	return cur()->irqs_off;
}

/* ---- interrupt flag -------------------------------------------------------------------------- */

/* model: the simulated CPU's flag, with lockdep's irqtrace events; an enable may take an interrupt */

void local_irq_disable(void)
{
	hardirqs_off(cur(), __builtin_return_address(0));
}

void local_irq_enable(void)
{
	task_struct *t = cur();
	hardirqs_on(t, __builtin_return_address(0));
	sched_point(Point::irq_enable);
}

unsigned long arch_local_irq_save(void)
{
	task_struct *t = cur();
	unsigned long flags = t->irqs_off ? 0 : X86_EFLAGS_IF;
	hardirqs_off(t, __builtin_return_address(0));
	return flags;
}

void arch_local_irq_restore(unsigned long flags)
{
	task_struct *t = cur();
	if (flags & X86_EFLAGS_IF) {
		hardirqs_on(t, __builtin_return_address(0));
		sched_point(Point::irq_enable);
	} else {
		hardirqs_off(t, __builtin_return_address(0));
	}
}

/* ---- bottom halves (kernel/softirq.c) ------------------------------------------------------------ */

/* model */

void __local_bh_disable_ip(unsigned long ip, unsigned int cnt)
{
	task_struct *t = cur();
	if (rt()) {
		/*
		 * PREEMPT_RT: the softirq count lives in the task, and the first
		 * disable takes the per-CPU BH lock and enters an RCU reader.
		 */
		if (!t->softirq_disable_cnt && preemptible()) {
			bh_lock_acquire();
			rcu_read_lock();
		}
		t->softirq_disable_cnt += cnt;
		if (t->softirq_disable_cnt == cnt)
			softirqs_off_trace(t, (void *)ip);
		return;
	}
	pc_add(t, cnt, (void *)ip);
	if (softirq_count() == (cnt & SOFTIRQ_MASK))
		softirqs_off_trace(t, (void *)ip);
}

/* PREEMPT_RT's __local_bh_enable(): the last level leaves the reader and the BH lock, if it took them */
void __local_bh_enable_rt(unsigned int cnt, bool unlock, unsigned long ip)
{
	task_struct *t = cur();
	if (t->softirq_disable_cnt == cnt)
		softirqs_on_trace(t, (void *)ip);
	t->softirq_disable_cnt -= cnt;
	if (!t->softirq_disable_cnt && unlock) {
		rcu_read_unlock();
		bh_lock_release();
	}
}

void __local_bh_enable_ip(unsigned long ip, unsigned int cnt)
{
	task_struct *t = cur();
	/* the PREEMPT_RT and the non-RT function check the same, each at its own lines */
	WARN_ON_ONCE_AT("kernel/softirq.c", rt() ? 225 : 386, in_hardirq());
	lockdep_assert_irqs_enabled_at("kernel/softirq.c", rt() ? 226 : 387);
	if (rt()) {
		/*
		 * Pending softirqs run here, with interrupts saved around them,
		 * only from preemptible context; otherwise ksoftirqd gets them.
		 * The BH lock and RCU reader go with the last level, if this
		 * context took them.
		 */
		bool preempt_on = t->preempt_count == 0 && !t->irqs_off;
		unsigned long flags = arch_local_irq_save();
		if (t->softirq_disable_cnt == cnt && local_softirq_pending()) {
			if (preempt_on) {
				/* down to SOFTIRQ_OFFSET, so that in_serving_softirq() holds, BH lock kept */
				__local_bh_enable_rt(SOFTIRQ_OFFSET, false, ip);
				cnt = SOFTIRQ_OFFSET;
				handle_softirqs(false);
			} else {
				wakeup_softirqd_on(t->cpu);
			}
		}
		__local_bh_enable_rt(cnt, preempt_on, ip);
		arch_local_irq_restore(flags);
		sched_point(Point::bh_enable);
		return;
	}
	/* the count this level leaves, not cnt: spin_unlock_bh() passes SOFTIRQ_LOCK_OFFSET */
	if (softirq_count() == SOFTIRQ_DISABLE_OFFSET)
		softirqs_on_trace(t, (void *)ip);
	pc_sub(t, cnt - 1);
	if (!in_interrupt() && local_softirq_pending())
		do_softirq();
	pc_sub(t, 1);
	if (t->preempt_count == 0 && !t->irqs_off)
		sched_point(Point::bh_enable);
}

void local_bh_disable(void)
{
	__local_bh_disable_ip((unsigned long)__builtin_return_address(0), SOFTIRQ_DISABLE_OFFSET);
}

void local_bh_enable(void)
{
	__local_bh_enable_ip((unsigned long)__builtin_return_address(0), SOFTIRQ_DISABLE_OFFSET);
}

void irq_enter(void)
{
	irq_enter_hardirq();
}

void irq_exit(void)
{
	irq_exit_rcu();
}

/* ---- sleep checks (kernel/sched/core.c) ------------------------------------------------------------- */

/* model: print_irqtrace_events() prints lockdep's lines for the reports below */

static void print_irqtrace_events(task_struct *t, std::string &out)
{
	out += strf("irq event stamp: %u\n", t->irq_events);
	out += strf("hardirqs last  enabled at (%u): [<%s>] %s\n", t->hardirq_enable_event,
		    fake_address(t->hardirq_enable_ip).c_str(), symbolize_ip(t->hardirq_enable_ip).c_str());
	out += strf("hardirqs last disabled at (%u): [<%s>] %s\n", t->hardirq_disable_event,
		    fake_address(t->hardirq_disable_ip).c_str(), symbolize_ip(t->hardirq_disable_ip).c_str());
	out += strf("softirqs last  enabled at (%u): [<%s>] %s\n", t->softirq_enable_event,
		    fake_address(t->softirq_enable_ip).c_str(), symbolize_ip(t->softirq_enable_ip).c_str());
	out += strf("softirqs last disabled at (%u): [<%s>] %s\n", t->softirq_disable_event,
		    fake_address(t->softirq_disable_ip).c_str(), symbolize_ip(t->softirq_disable_ip).c_str());
}

namespace kshim {
void append_irqtrace(task_struct *t, std::string &out)
{
	print_irqtrace_events(t, out);
}

void append_preempt_disabled_at(task_struct *t, std::string &out)
{
	out += "Preemption disabled at:\n";
	out += strf("[<%s>] %s\n", fake_address(t->preempt_disable_ip).c_str(),
		    symbolize_ip(t->preempt_disable_ip).c_str());
}

bool preempt_rcu()
{
	/* PREEMPT_DYNAMIC and PREEMPT_RT select PREEMPTION, which selects PREEMPT_RCU */
	return sim.cfg.preempt != Preempt::static_none && sim.cfg.preempt != Preempt::static_voluntary;
}
} /* namespace kshim */

/*
 * model: the checks report in the kernel's layout, where the kernel would:
 * rcu_sleep_check() is a macro, expanded in __might_resched() at
 * kernel/sched/core.c:8693 (6.12), the line its bh and sched checks name.
 * The plain RCU check sits in the inline rcu_preempt_sleep_check(), so its
 * __FILE__ and __LINE__ are the header's (GCC takes the macro name's line).
 */
void rcu_sleep_check(void)
{
	/* rcu_preempt_sleep_check(): preemptible RCU readers may block, so only without PREEMPT_RCU */
	if (!preempt_rcu())
		RCU_LOCKDEP_WARN_AT(lock_is_held(&rcu_lock_map),
				    "Illegal context switch in RCU read-side critical section", "include/linux/rcupdate.h",
				    415);
	if (!rt())
		RCU_LOCKDEP_WARN_AT(lock_is_held(&rcu_bh_lock_map),
				    "Illegal context switch in RCU-bh read-side critical section", "kernel/sched/core.c", 8693);
	RCU_LOCKDEP_WARN_AT(lock_is_held(&rcu_sched_lock_map),
			    "Illegal context switch in RCU-sched read-side critical section", "kernel/sched/core.c", 8693);
}

/*
 * Deliberately without the kernel's once-a-second limit (its static
 * prev_jiffy): every sleeping call from atomic context is reported.  On an
 * SME host path D's decryption always comes first in the same call, and the
 * kernel would print only it; kctx also shows paths B and C behind it
 * (README, known limits).
 */
noinline void __might_resched(const char *file, int line, unsigned int offsets)
{
	task_struct *t = cur();

	rcu_sleep_check();

	unsigned nested = t->preempt_count + ((unsigned)rcu_preempt_depth() << MIGHT_RESCHED_RCU_SHIFT);
	if ((nested == offsets && !t->irqs_off && !is_idle_task(t) && !t->non_block_count) || sim.booting)
		return;

	ReportBuilder rb;
	rb.kind = "ATOMIC_SLEEP";
	rb.header = strf("BUG: sleeping function called from invalid context at %s:%d", file, line);
	std::string &b = rb.body;
	b += strf("in_atomic(): %d, irqs_disabled(): %d, non_block: %d, pid: %d, name: %s\n",
		  t->preempt_count != 0, t->irqs_off, t->non_block_count, t->pid, t->comm);
	b += strf("preempt_count: %x, expected: %x\n", t->preempt_count, offsets & MIGHT_RESCHED_PREEMPT_MASK);
	if (preempt_rcu())
		b += strf("RCU nest depth: %d, expected: %u\n", rcu_preempt_depth(), offsets >> MIGHT_RESCHED_RCU_SHIFT);
	debug_show_held_locks(t, b);
	if (t->irqs_off)
		print_irqtrace_events(t, b);
	if (t->preempt_count != (offsets & MIGHT_RESCHED_PREEMPT_MASK))
		append_preempt_disabled_at(t, b);
	emit_report(rb);
}

noinline void __might_sleep(const char *file, int line)
{
	__might_resched(file, line, 0);
	sched_point(Point::might_sleep);
}

noinline void __cant_sleep(const char *file, int line, int preempt_offset)
{
	task_struct *t = cur();
	if (t->irqs_off)
		return;
	if ((int)t->preempt_count > preempt_offset)
		return;
	ReportBuilder rb;
	rb.kind = "ATOMIC_SLEEP";
	rb.header = strf("BUG: assuming atomic context at %s:%d", file, line);
	rb.body = strf("in_atomic(): %d, irqs_disabled(): %d, pid: %d, name: %s\n", t->preempt_count != 0,
		       t->irqs_off, t->pid, t->comm);
	debug_show_held_locks(t, rb.body);
	emit_report(rb);
}

void non_block_start(void)
{
	cur()->non_block_count++;
}

/* non_block_end(): the kernel's WARN_ON is expanded in the caller, so the report names the caller */
noinline void __kshim_non_block_end(const char *file, int line)
{
	if (unlikely(cur()->non_block_count == 0))
		__warn(file, line, __builtin_return_address(0), nullptr);
	cur()->non_block_count--;
}

noinline void __schedule_bug(struct task_struct *prev)
{
	ReportBuilder rb;
	rb.kind = "ATOMIC_SLEEP";
	rb.header = strf("BUG: scheduling while atomic: %s/%d/0x%08x", prev->comm, prev->pid, prev->preempt_count);
	debug_show_held_locks(prev, rb.body);
	if (prev->irqs_off)
		print_irqtrace_events(prev, rb.body);
	append_preempt_disabled_at(prev, rb.body);
	emit_report(rb);
}

unsigned int debug_smp_processor_id(void)
{
	task_struct *t = cur();
	/* DEBUG_PREEMPT's check_preemption_disabled() */
	if (in_fiber() && t->preempt_count == 0 && !t->irqs_off && t->kind != TaskKind::idle &&
	    !t->migration_disabled && sim.cfg.ncpus > 1 && t->kind == TaskKind::user) {
		ReportBuilder rb;
		rb.kind = "BUG";
		rb.header = strf("BUG: using smp_processor_id() in preemptible [%08x] code: %s/%d",
				 t->preempt_count, t->comm, t->pid);
		rb.body = "caller is debug_smp_processor_id+0x17/0x20\n";
		emit_report(rb);
	}
	return t->cpu;
}
