// SPDX-License-Identifier: GPL-2.0
/*
 * kshim RCU: readers, grace periods and callback invocation.
 *
 * A grace period ends only when every CPU has passed a quiescent state after
 * it started (a context switch, idle, a return to user space, cond_resched()
 * without preemptible RCU, or a tick that interrupts a quiescent context), and,
 * with preemptible RCU, when every task preempted inside a reader that blocks
 * it has left its reader.  Callbacks queued on a CPU run there, after their
 * grace period, in the configured context: RCU_SOFTIRQ, the rcuc kthread or
 * the rcuo (no-CBs) kthread.  The last two run with BHs disabled, as
 * kernel/rcu/tree.c and tree_nocb.h do.
 */
#include "sched.h"
#include "rcu.h"
#include "context.h"
#include "kasan.h"
#include "lockdep.h"
#include "printk.h"
#include "report.h"
#include "stacktrace.h"
#include "watchdog.h"
#include "workqueue.h"

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <algorithm>

/* model: the lockdep maps the kernel annotates RCU readers and callbacks with */
static struct lock_class_key rcu_lock_key, rcu_bh_lock_key, rcu_sched_lock_key, rcu_callback_key;
struct lockdep_map rcu_lock_map = { .name = "rcu_read_lock", .key = &rcu_lock_key, .class_cache = nullptr,
				    .wait_type_outer = LD_WAIT_FREE, .wait_type_inner = LD_WAIT_CONFIG,
				    .lock_type = 0, .kind = KSHIM_LOCK_MAP };
struct lockdep_map rcu_bh_lock_map = { .name = "rcu_read_lock_bh", .key = &rcu_bh_lock_key, .class_cache = nullptr,
				       .wait_type_outer = LD_WAIT_FREE, .wait_type_inner = LD_WAIT_CONFIG,
				       .lock_type = 0, .kind = KSHIM_LOCK_MAP };
struct lockdep_map rcu_sched_lock_map = { .name = "rcu_read_lock_sched", .key = &rcu_sched_lock_key,
					  .class_cache = nullptr, .wait_type_outer = LD_WAIT_FREE,
					  .wait_type_inner = LD_WAIT_SPIN, .lock_type = 0, .kind = KSHIM_LOCK_MAP };
struct lockdep_map rcu_callback_map = { .name = "rcu_callback", .key = &rcu_callback_key, .class_cache = nullptr,
					.wait_type_outer = 0, .wait_type_inner = 0, .lock_type = 0,
					.kind = KSHIM_LOCK_MAP };

void rcu_core(void);	/* below: the RCU_SOFTIRQ handler */

namespace kshim {

struct Cb {
	rcu_head *head;
	unsigned long need;	/* grace periods that must have completed */
};

struct RcuCpu {
	Fifo<Cb> cbs;
	task_struct *kthread;	/* rcuc/N or rcuoX/N */
	bool work;		/* the kthread has callbacks to invoke */
};

static RcuCpu rcpu[4];
static unsigned long completed;
static bool gp_running;
static unsigned long gp_start;	/* jiffies when the running grace period began */
static bool stall_reported;
static unsigned qs_mask;
static struct {
	struct rcu_head heads[4];
	struct completion done;
	atomic_t pending;
} barrier;
/* rcu_state.barrier_mutex: concurrent barriers share the per-CPU entrained heads. */
static DEFINE_MUTEX(barrier_mutex);
static std::vector<task_struct *> blockers;
static bool gp_forced;		/* a scenario asked for a grace period */
static std::vector<std::pair<void *, unsigned long>> kfree_batch;

void rcu_kthread_wake(unsigned cpu);

void rcu_reset()
{
	for (auto &r : rcpu)
		r = RcuCpu();
	completed = 0;
	gp_running = false;
	stall_reported = false;
	qs_mask = 0;
	blockers.clear();
	gp_forced = false;
	kfree_batch.clear();
	barrier_mutex.owner = nullptr;
	open_softirq(RCU_SOFTIRQ, rcu_core);
}

static bool ready(const Cb &cb)
{
	return cb.need <= completed;
}

static bool cpu_has_ready(unsigned cpu)
{
	return !rcpu[cpu].cbs.empty() && ready(rcpu[cpu].cbs.front());
}

static bool gp_wanted()
{
	if (gp_forced)
		return true;
	for (unsigned i = 0; i < sim.cfg.ncpus; i++)
		for (const Cb &cb : rcpu[i].cbs)
			if (!ready(cb))
				return true;
	for (auto &k : kfree_batch)
		if (k.second > completed)
			return true;
	return false;
}

bool rcu_idle()
{
	if (gp_running || gp_forced || !kfree_batch.empty())
		return false;
	for (unsigned i = 0; i < sim.cfg.ncpus; i++)
		if (!rcpu[i].cbs.empty())
			return false;
	return true;
}

void rcu_note_qs(unsigned cpu, bool)
{
	if (gp_running && (qs_mask & (1u << cpu))) {
		qs_mask &= ~(1u << cpu);
		if (sim.trace_on)
			trace_note(strf("rcu: cpu%u quiescent", cpu));
	}
}

void rcu_note_context_switch(task_struct *prev)
{
	if (preempt_rcu() && prev->rcu_read_lock_nesting > 0 && gp_running && (qs_mask & (1u << prev->cpu)) &&
	    std::find(blockers.begin(), blockers.end(), prev) == blockers.end())
	{
		blockers.push_back(prev);	/* preempted reader: it now blocks this grace period */
		if (prev == cur() && in_fiber()) {
			/* where it was, for a stall report: rcu_print_detail_task_stall_rnp() */
			if (!prev->block_trace)
				prev->block_trace = new RawTrace();
			capture_stack(*prev->block_trace, 0);
		}
	}
	rcu_note_qs(prev->cpu, false);
}

void rcu_read_unlock_special(task_struct *t)
{
	blockers.erase(std::remove(blockers.begin(), blockers.end(), t), blockers.end());
}

static void gp_end()
{
	completed++;
	gp_running = false;
	if (sim.trace_on)
		trace_note(strf("rcu: grace period %lu ends", completed));
	for (unsigned i = 0; i < sim.cfg.ncpus; i++) {
		if (!cpu_has_ready(i))
			continue;
		if (sim.cfg.rcu == RcuMode::nocb)
			rcu_kthread_wake(i);	/* the no-CBs GP kthread wakes the CB kthread */
	}
	/* kvfree_rcu() batches are freed from a work item once their GP is over. */
	std::vector<void *> freeable;
	for (auto it = kfree_batch.begin(); it != kfree_batch.end();) {
		if (it->second <= completed) {
			freeable.push_back(it->first);
			it = kfree_batch.erase(it);
		} else {
			++it;
		}
	}
	if (!freeable.empty())
		kfree_rcu_queue_work(freeable);
}

/*
 * A dyntick-idle CPU is in an extended quiescent state: the GP kthread notes
 * it.  An idle task inside an interrupt or softirq is not (rcu_irq_enter()).
 */
static bool idle_cpu_owes_qs(unsigned i)
{
	return (qs_mask & (1u << i)) && cpu_is_idle(sim.cpus[i]);
}

/* The grace-period kthread's work, done by the host loop or on an idle CPU. */
bool rcu_gp_advance()
{
	if (!gp_running) {
		if (!gp_wanted())
			return false;
		gp_running = true;
		gp_start = jiffies;
		stall_reported = false;
		gp_forced = false;
		qs_mask = (1u << sim.cfg.ncpus) - 1;
		blockers.clear();
		for (task_struct *t : sim.tasks) {
			if (preempt_rcu() && t->rcu_read_lock_nesting > 0 && !task_is_current_on_cpu(t) &&
			    t->state != TaskState::dead)
				blockers.push_back(t);
		}
		if (sim.trace_on)
			trace_note(strf("rcu: grace period %lu starts", completed + 1));
		return true;
	}
	bool progress = false;
	for (unsigned i = 0; i < sim.cfg.ncpus; i++) {
		if (idle_cpu_owes_qs(i)) {
			rcu_note_qs(i, true);
			progress = true;
		}
	}
	if (!qs_mask && blockers.empty()) {
		gp_end();
		return true;
	}
	return progress;
}

/* Would rcu_gp_advance() make progress now?  No side effects. */
bool rcu_gp_can_advance()
{
	if (!gp_running)
		return gp_wanted();
	if (!qs_mask && blockers.empty())
		return true;
	for (unsigned i = 0; i < sim.cfg.ncpus; i++)
		if (idle_cpu_owes_qs(i))
			return true;
	return false;
}

bool rcu_wants_tick(const Cpu &c)
{
	if (gp_running && (qs_mask & (1u << c.id)))
		return true;
	return sim.cfg.rcu != RcuMode::nocb && cpu_has_ready(c.id) && !rcpu[c.id].work;
}

/* rcu_sched_clock_irq(): note a quiescent state, and kick callback invocation. */
/* The flavour's name, as the stall detector prints it. */
static const char *rcu_name()
{
	return preempt_rcu() ? "rcu_preempt" : "rcu_sched";
}

unsigned long rcu_stall_due()
{
	return gp_running && !stall_reported ? gp_start + kRcuStallTimeout : ~0UL;
}

/* print_cpu_stall_info(): one line per CPU that owes the grace period a quiescent state. */
static std::string stall_cpu_lines()
{
	std::string s;
	for (unsigned i = 0; i < sim.cfg.ncpus; i++)
		if (qs_mask & (1u << i))
			s += strf("rcu: \t%u-....: (%lu ticks this GP) idle=0000/1/0x4000000000000000 softirq=0/0 fqs=0\n", i,
				  jiffies - gp_start);
	return s;
}

/* print_cpu_stall(): this CPU holds the grace period up; its own trace shows where. */
static void self_detected_stall(Cpu &c)
{
	stall_reported = true;
	ReportBuilder rb;
	rb.kind = "HANG";
	rb.header = strf("rcu: INFO: %s self-detected stall on CPU", rcu_name());
	rb.body = stall_cpu_lines();
	rb.body += strf("rcu: \t(t=%lu jiffies g=%lu q=%zu ncpus=%u)\n", jiffies - gp_start, (completed + 1) * 4,
			rcpu[c.id].cbs.size(), sim.cfg.ncpus);
	emit_report(rb);
	halt_run();
}

/*
 * print_other_cpu_stall(): readers preempted or asleep in their critical
 * sections (PREEMPT_RCU), or CPUs that never report, hold it up; the first
 * blocked task's trace shows where.
 */
void rcu_report_stall_from_host()
{
	stall_reported = true;
	ReportBuilder rb;
	rb.kind = "HANG";
	rb.header = strf("rcu: INFO: %s detected stalls on CPUs/tasks:", rcu_name());
	rb.body = stall_cpu_lines();
	task_struct *first = nullptr;
	if (!blockers.empty()) {
		rb.body += strf("rcu: \tTasks blocked on level-0 rcu_node (CPUs 0-%u):", sim.cfg.ncpus - 1);
		for (task_struct *t : blockers) {
			rb.body += strf(" P%d", t->pid);
			if (!first && t->block_trace)
				first = t;
		}
		rb.body += "\n";
	}
	rb.body += strf("rcu: \t(detected by 0, t=%lu jiffies, g=%lu, q=0 ncpus=%u)\n", jiffies - gp_start,
			(completed + 1) * 4, sim.cfg.ncpus);
	if (first) {
		rb.body += strf("task:%-15.15s state:D stack:0     pid:%-5d tgid:%-5d ppid:2      flags:0x00004000\n",
				first->comm, first->pid, first->pid);
		emit_report_with_trace(rb, *first->block_trace, first);
	} else {
		RawTrace none;
		emit_report_with_trace(rb, none, host_task);
	}
	halt_run();
}

/*
 * jiffies_to_sched_qs at HZ=250: the force-quiescent-state scan sets
 * rcu_urgent_qs once a grace period is this old (HZ / 10, the floor of
 * adjust_jiffies_till_sched_qs()); kctx sets it as soon as the scan would.
 */
static constexpr unsigned long kJiffiesToSchedQs = HZ / 10;

bool rcu_urgent_qs(unsigned cpu)
{
	return gp_running && (qs_mask & (1u << cpu)) && time_after_eq(jiffies, gp_start + kJiffiesToSchedQs);
}

void rcu_tick(Cpu &c, int user)
{
	task_struct *t = cur();
	if (gp_running && (qs_mask & (1u << c.id))) {
		unsigned pc = t->preempt_count - HARDIRQ_OFFSET;
		if (user || t->kind == TaskKind::idle)
			rcu_note_qs(c.id, true);
		else if (preempt_rcu() && !t->rcu_read_lock_nesting && !(pc & (PREEMPT_MASK | SOFTIRQ_MASK)))
			rcu_note_qs(c.id, false);
		/*
		 * Non-preemptible RCU: with PREEMPT_COUNT (DEBUG_ATOMIC_SLEEP,
		 * PROVE_LOCKING) a tick that interrupted preempt_count 0 is a
		 * quiescent state too (kernel/rcu/tree_plugin.h:1071-1073 in 6.12.117).
		 */
		else if (!preempt_rcu() && pc == 0)
			rcu_note_qs(c.id, false);
	}
	/* rcu_pending()'s check_cpu_stall() */
	if (gp_running && !stall_reported && time_after_eq(jiffies, gp_start + kRcuStallTimeout)) {
		if (qs_mask & (1u << c.id))
			self_detected_stall(c);
		else
			rcu_report_stall_from_host();
		return;
	}
	if (cpu_has_ready(c.id)) {
		if (sim.cfg.rcu == RcuMode::softirq)
			raise_softirq(RCU_SOFTIRQ);
		else if (sim.cfg.rcu == RcuMode::rcuc)
			rcu_kthread_wake(c.id);
	}
}

} /* namespace kshim */

using namespace kshim;

/* ---- callback invocation ------------------------------------------------------------ */

/* model: callbacks run after their grace period, in RCU_SOFTIRQ, rcuc or rcuo as configured */

noinline void rcu_do_batch(void)
{
	task_struct *t = cur();
	RcuCpu &r = rcpu[t->cpu];
	unsigned long flags;
	std::vector<rcu_head *> batch;

	local_irq_save(flags);
	while (!r.cbs.empty() && ready(r.cbs.front())) {
		batch.push_back(r.cbs.front().head);
		r.cbs.pop_front();
	}
	local_irq_restore(flags);

	for (rcu_head *rhp : batch) {
		rcu_callback_t f = rhp->func;
		unsigned pc = t->preempt_count;
		int locks = t->lockdep_depth, rcu = t->rcu_read_lock_nesting;
		bool irqs = t->irqs_off;
		lock_acquire(&rcu_callback_map, 0, 0, 2, 0, nullptr, (unsigned long)__builtin_return_address(0));
		rhp->func = (rcu_callback_t)0L;
		f(rhp);
		lock_release(&rcu_callback_map, (unsigned long)__builtin_return_address(0));
		check_leak("RCU callback", symbol_name((void *)f).c_str(), pc, locks, rcu, irqs);
		if (!in_serving_softirq()) {
			/* rcuc and rcuo: BHs on between callbacks, a preemption point (kernel/rcu/tree.c:2594-2598) */
			local_bh_enable();
			kshim_cond_resched_at("kernel/rcu/tree.c", 2596);
			local_bh_disable();
		}
	}
}

noinline void rcu_core(void)
{
	rcu_do_batch();
}

noinline void rcu_cpu_kthread(unsigned int cpu)
{
	RcuCpu &r = rcpu[cpu];
	local_bh_disable();
	local_irq_disable();
	bool work = r.work;
	r.work = false;
	local_irq_enable();
	if (work)
		rcu_core();
	local_bh_enable();
}

noinline void nocb_cb_wait(unsigned int cpu)
{
	rcpu[cpu].work = false;
	local_bh_disable();
	rcu_do_batch();
	local_bh_enable();
}

noinline void rcu_nocb_cb_kthread(void *arg)
{
	unsigned cpu = (unsigned)(uintptr_t)arg;
	task_struct *t = cur();
	for (;;) {
		if (!rcpu[cpu].work) {
			t->state = TaskState::blocked;
			t->parked = true;
			block_current(&rcpu[cpu]);
			t->parked = false;
			continue;
		}
		nocb_cb_wait(cpu);
		kshim_cond_resched_at("kernel/rcu/tree_nocb.h", 958);
	}
}

noinline void rcu_cpu_kthread_loop(void *arg)
{
	unsigned cpu = (unsigned)(uintptr_t)arg;
	task_struct *t = cur();
	for (;;) {
		if (!rcpu[cpu].work) {
			t->state = TaskState::blocked;
			t->parked = true;
			block_current(&rcpu[cpu]);
			t->parked = false;
			continue;
		}
		rcu_cpu_kthread(cpu);
		schedule();	/* smpboot_thread_fn() between runs */
	}
}

namespace kshim {
void rcu_kthread_wake(unsigned cpu)
{
	RcuCpu &r = rcpu[cpu];
	r.work = true;
	if (!r.kthread) {
		char name[16];
		if (sim.cfg.rcu == RcuMode::nocb) {
			snprintf(name, sizeof(name), "rcuo%c/%u", preempt_rcu() ? 'p' : 's', cpu);
			r.kthread = create_task(name, cpu, TaskKind::rcuo, rcu_nocb_cb_kthread, (void *)(uintptr_t)cpu);
		} else {
			snprintf(name, sizeof(name), "rcuc/%u", cpu);
			r.kthread = create_task(name, cpu, TaskKind::rcuc, rcu_cpu_kthread_loop, (void *)(uintptr_t)cpu);
		}
		return;
	}
	wake_task(r.kthread);
}
} /* namespace kshim */

/* ---- queueing ------------------------------------------------------------------------------ */

/* model */

/* DEBUG_OBJECTS_RCU_HEAD: is this head queued already? */
static bool debug_rcu_head_queue(struct rcu_head *head)
{
	for (unsigned i = 0; i < sim.cfg.ncpus; i++)
		for (const Cb &cb : rcpu[i].cbs)
			if (cb.head == head)
				return true;
	return false;
}

static void rcu_leak_callback(struct rcu_head *rhp)	/* dup */
{
	(void)rhp;
}

static void __call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	unsigned long flags;

	if (debug_rcu_head_queue(head)) {
		/*
		 * Probable double call_rcu(): the kernel leaks the callback and
		 * says so with pr_err() (kernel/rcu/tree.c:3090 in 6.12), not a
		 * WARN, so this WARNING keeps kshim's own file and line.
		 */
		WRITE_ONCE(head->func, rcu_leak_callback);
		WARN_ONCE(1, "__call_rcu(): Double-freed CB %s->%s()!!!  ", fake_address(head).c_str(),
			  symbolize_ip((void *)func).c_str());
		return;
	}
	head->func = func;
	head->next = nullptr;
	kasan_record_aux_stack(head);	/* KASAN's "Last potentially related work creation" */
	local_irq_save(flags);
	rcpu[cur()->cpu].cbs.push_back({ head, completed + (gp_running ? 2 : 1) });
	if (sim.trace_on)
		trace_note(strf("cpu%u %s/%d: call_rcu(%s)", cur()->cpu, cur()->comm, cur()->pid,
				symbol_name((void *)func).c_str()));
	local_irq_restore(flags);
}

void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	__call_rcu(head, func);
}

void call_rcu_hurry(struct rcu_head *head, rcu_callback_t func)
{
	__call_rcu(head, func);
}

void kvfree_call_rcu(struct rcu_head *head, void *ptr)
{
	(void)head;
	kfree_batch.push_back({ ptr, completed + (gp_running ? 2 : 1) });
}

struct rcu_synchronize {
	struct rcu_head head;
	struct completion completion;
};

static void wakeme_after_rcu(struct rcu_head *head)
{
	struct rcu_synchronize *rcu = container_of(head, struct rcu_synchronize, head);
	complete(&rcu->completion);
}

noinline static void wait_rcu_gp(void)
{
	struct rcu_synchronize rs;

	init_completion(&rs.completion);
	call_rcu_hurry(&rs.head, wakeme_after_rcu);
	wait_for_completion(&rs.completion);
}

noinline void synchronize_rcu(void)
{
	RCU_LOCKDEP_WARN_AT(lock_is_held(&rcu_bh_lock_map) || lock_is_held(&rcu_lock_map) ||
				    lock_is_held(&rcu_sched_lock_map),
			    "Illegal synchronize_rcu() in RCU read-side critical section", "kernel/rcu/tree.c", 4113);
	if (sim.booting)
		return;	/* rcu_blocking_is_gp(): before the scheduler runs, any point is a GP */
	__might_sleep("kernel/rcu/tree.c", 4027);
	wait_rcu_gp();
}

void synchronize_rcu_expedited(void)
{
	synchronize_rcu();
}


static void rcu_barrier_callback(struct rcu_head *rhp)
{
	(void)rhp;
	if (atomic_dec_and_test(&barrier.pending))
		complete(&barrier.done);
}

noinline void rcu_barrier(void)
{
	__might_sleep("kernel/rcu/tree.c", 4512);
	/* Entrain a callback behind each CPU's last one; the last to run completes. */
	mutex_lock(&barrier_mutex);
	init_completion(&barrier.done);
	atomic_set(&barrier.pending, 1);
	for (unsigned i = 0; i < sim.cfg.ncpus; i++) {
		if (rcpu[i].cbs.empty())
			continue;
		atomic_inc(&barrier.pending);
		barrier.heads[i].func = rcu_barrier_callback;
		rcpu[i].cbs.push_back({ &barrier.heads[i], rcpu[i].cbs.back().need });
	}
	if (atomic_dec_and_test(&barrier.pending))
		complete(&barrier.done);
	wait_for_completion(&barrier.done);
	mutex_unlock(&barrier_mutex);
}

/* ---- readers ------------------------------------------------------------------------------- */

/* model: a reader changes preempt_count or the task's nesting as the configured flavour does */

void rcu_read_lock(void)
{
	task_struct *t = cur();
	if (preempt_rcu())
		t->rcu_read_lock_nesting++;
	else
		pc_add(t, 1, __builtin_return_address(0));
	lock_acquire(&rcu_lock_map, 0, 0, 2, 0, nullptr, (unsigned long)__builtin_return_address(0));
}

void rcu_read_unlock(void)
{
	task_struct *t = cur();
	lock_release(&rcu_lock_map, (unsigned long)__builtin_return_address(0));
	if (preempt_rcu()) {
		/* __rcu_read_unlock()'s WARN_ON_ONCE(rrln < 0 || ...), checked before the decrement */
		if (WARN_ON_ONCE_AT("kernel/rcu/tree_plugin.h", 442, t->rcu_read_lock_nesting <= 0)) {
			t->rcu_read_lock_nesting = 0;
			return;
		}
		if (--t->rcu_read_lock_nesting == 0) {
			rcu_read_unlock_special(t);
			sched_point(Point::rcu_unlock);
		}
		return;
	}
	pc_sub(t, 1);
	if (t->preempt_count == 0 && !t->irqs_off)
		sched_point(Point::rcu_unlock);
}

void rcu_read_lock_bh(void)
{
	local_bh_disable();
	lock_acquire(&rcu_bh_lock_map, 0, 0, 2, 0, nullptr, (unsigned long)__builtin_return_address(0));
}

void rcu_read_unlock_bh(void)
{
	lock_release(&rcu_bh_lock_map, (unsigned long)__builtin_return_address(0));
	local_bh_enable();
}

void rcu_read_lock_sched(void)
{
	preempt_disable();
	lock_acquire(&rcu_sched_lock_map, 0, 0, 2, 0, nullptr, (unsigned long)__builtin_return_address(0));
}

void rcu_read_unlock_sched(void)
{
	lock_release(&rcu_sched_lock_map, (unsigned long)__builtin_return_address(0));
	preempt_enable();
}

int rcu_preempt_depth(void)
{
	return preempt_rcu() ? cur()->rcu_read_lock_nesting : 0;
}

bool rcu_is_watching(void)	/* stub: kctx runs no kernel code from idle entry or NMIs, where RCU stops watching */
{
	return true;
}

int rcu_read_lock_held(void)
{
	if (!debug_locks)
		return 1;
	return lock_is_held(&rcu_lock_map);
}

int rcu_read_lock_bh_held(void)
{
	if (!debug_locks)
		return 1;
	return in_softirq() || irqs_disabled();
}

int rcu_read_lock_sched_held(void)
{
	if (!debug_locks)
		return 1;
	return lock_is_held(&rcu_sched_lock_map) || !preemptible();
}

int rcu_read_lock_any_held(void)
{
	if (!debug_locks)
		return 1;
	if (lock_is_held(&rcu_lock_map) || lock_is_held(&rcu_bh_lock_map) || lock_is_held(&rcu_sched_lock_map))
		return 1;
	return !preemptible();
}

noinline void lockdep_rcu_suspicious(const char *file, const int line, const char *s)
{
	task_struct *t = cur();
	ReportBuilder rb;
	rb.kind = "LOCKDEP";
	rb.cut_here = "=============================";
	rb.header = "WARNING: suspicious RCU usage";
	rb.body = strf("%s\n-----------------------------\n%s:%d %s!\n\nother info that might help us debug this:\n\n",
		       kernel_ident().c_str(), file, line, s);
	rb.body += strf("\nrcu_scheduler_active = %d, debug_locks = %d\n", sim.booting ? 1 : 2, (int)debug_locks);
	lockdep_print_held_locks(t, rb.body);
	rb.body += "\nstack backtrace:\n";
	emit_report(rb);
}

/* ---- host-side helpers for scenarios --------------------------------------------------------------- */

namespace kshim {

void force_grace_period()
{
	unsigned long target = completed + 1;
	gp_forced = true;
	run_until([&] { return completed >= target; });
}

void run_rcu_callbacks()
{
	run_until([] {
		for (unsigned i = 0; i < sim.cfg.ncpus; i++)
			if (cpu_has_ready(i))
				return false;
		return true;
	});
}

void rcu_barrier_host()
{
	run_until([] { return rcu_idle(); });
}

} /* namespace kshim */
