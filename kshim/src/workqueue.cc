// SPDX-License-Identifier: GPL-2.0
/*
 * kshim workqueues, after kernel/workqueue.c: per-CPU worker pools plus one
 * unbound pool, kworker tasks created on demand (a pool gets another worker
 * when its running one sleeps with work pending), PENDING semantics, flush
 * and cancel with the kernel's lockdep pseudo-locks, rcu_work and delayed
 * work, and the leak check after every work item.
 */
#include "sched.h"
#include "workqueue.h"
#include "boot.h"
#include "lockdep.h"
#include "printk.h"
#include "report.h"
#include "stacktrace.h"

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <algorithm>
#include <cstdarg>
#include <cstring>
#include <deque>
#include <memory>
#include <unordered_map>

/* model */
struct workqueue_struct {
	char name[32];
	char lock_name[48];
	unsigned int flags;
	int max_active;
	struct lock_class_key key;
	struct lockdep_map lockdep_map;
};

namespace kshim {

struct Pool;
struct Worker {
	task_struct *task;
	Pool *pool;
	work_struct *current_work;
	work_func_t current_func;
	workqueue_struct *current_wq;
	bool idle;
	int id;
};

struct Pool {
	int cpu;		/* -1: unbound */
	std::deque<work_struct *> worklist;
	std::vector<Worker *> workers;
	int nr_running;
};

static constexpr int MAX_WORKERS_PER_POOL = 4;
static Pool pools[5];		/* 0..3 per CPU, 4 unbound */
static std::unordered_map<const work_struct *, workqueue_struct *> work_wq;
static std::vector<std::unique_ptr<Worker>> all_workers;
static std::vector<std::unique_ptr<workqueue_struct>> all_wqs;
static struct workqueue_struct wq_system, wq_unbound, wq_highpri, wq_long;

static void wq_init(workqueue_struct *wq, const char *name, unsigned flags, int max_active)
{
	memset((void *)wq, 0, sizeof(*wq));
	snprintf(wq->name, sizeof(wq->name), "%s", name);
	snprintf(wq->lock_name, sizeof(wq->lock_name), "(wq_completion)%s", name);
	wq->flags = flags;
	wq->max_active = max_active;
	lockdep_init_map(&wq->lockdep_map, wq->lock_name, &wq->key, 0);
}

void workqueue_reset()
{
	for (int i = 0; i < 5; i++) {
		pools[i].cpu = i < 4 ? i : -1;
		pools[i].worklist.clear();
		pools[i].workers.clear();
		pools[i].nr_running = 0;
	}
	work_wq.clear();
	all_workers.clear();
	all_wqs.clear();
	wq_init(&wq_system, "events", 0, 0);
	wq_init(&wq_unbound, "events_unbound", WQ_UNBOUND, 0);
	wq_init(&wq_highpri, "events_highpri", WQ_HIGHPRI, 0);
	wq_init(&wq_long, "events_long", 0, 0);
}

bool workqueue_idle()
{
	for (auto &p : pools) {
		if (!p.worklist.empty())
			return false;
		for (Worker *w : p.workers)
			if (w->current_work)
				return false;
	}
	return true;
}

static Worker *worker_of(task_struct *t)
{
	return (Worker *)t->worker;
}

static bool busy_elsewhere(const work_struct *work, Pool **where)
{
	for (auto &p : pools)
		for (Worker *w : p.workers)
			if (w->current_work == work) {
				*where = &p;
				return true;
			}
	return false;
}

} /* namespace kshim */

using namespace kshim;

/* model */
struct workqueue_struct *system_wq = &wq_system;
struct workqueue_struct *system_percpu_wq = &wq_system;
struct workqueue_struct *system_highpri_wq = &wq_highpri;
struct workqueue_struct *system_long_wq = &wq_long;
struct workqueue_struct *system_unbound_wq = &wq_unbound;
struct workqueue_struct *system_dfl_wq = &wq_unbound;

noinline static void process_one_work(Worker *worker, work_struct *work);
noinline static void worker_thread(void *arg);

namespace kshim {

static void create_worker(Pool *pool)
{
	auto w = std::make_unique<Worker>();
	w->pool = pool;
	w->id = (int)pool->workers.size();
	w->idle = false;
	char name[16];
	if (pool->cpu >= 0)
		snprintf(name, sizeof(name), "kworker/%d:%d", pool->cpu, w->id);
	else
		snprintf(name, sizeof(name), "kworker/u%u:%d", 2 * sim.cfg.ncpus, w->id);
	unsigned cpu = pool->cpu >= 0 ? (unsigned)pool->cpu : 0;
	w->task = create_task(name, cpu, TaskKind::kworker, worker_thread, w.get());
	w->task->worker = w.get();
	pool->workers.push_back(w.get());
	pool->nr_running++;
	all_workers.push_back(std::move(w));
}

/* Wake an idle worker, or make one: a pool always has a worker for its work. */
static void kick_pool(Pool *pool)
{
	if (pool->worklist.empty())
		return;
	for (Worker *w : pool->workers) {
		if (w->idle) {
			w->idle = false;
			pool->nr_running++;
			wake_task(w->task);
			return;
		}
	}
	if (pool->nr_running == 0 && (int)pool->workers.size() < MAX_WORKERS_PER_POOL)
		create_worker(pool);
}

void worker_sleeping(task_struct *t)
{
	Worker *w = worker_of(t);
	if (!w || w->idle)
		return;
	w->pool->nr_running--;
	kick_pool(w->pool);	/* concurrency management: keep the pool busy */
}

void worker_running(task_struct *t)
{
	Worker *w = worker_of(t);
	if (w && !w->idle)
		w->pool->nr_running++;
}

/* Leaks at the end of a work item (the kernel's check) or an RCU callback (kctx's). */
void check_leak(const char *what, const char *fn_name, unsigned pc_before, int locks_before, int rcu_before,
		bool irqs_before)
{
	task_struct *t = cur();
	int rcu_now = rcu_preempt_depth();
	if (t->preempt_count == pc_before && t->lockdep_depth == locks_before && rcu_now == rcu_before &&
	    t->irqs_off == irqs_before)
		return;
	ReportBuilder rb;
	rb.kind = "LEAK";
	rb.header = strf("BUG: %s leaked atomic, lock or RCU: %s[%d]", what, t->comm, t->pid);
	rb.body = strf("     preempt=0x%08x lock=%d->%d RCU=%d->%d %s=%s\n", t->preempt_count, locks_before,
		       t->lockdep_depth, rcu_before, rcu_now, strcmp(what, "workqueue") ? "rcufn" : "workfn",
		       fn_name);
	debug_show_held_locks(t, rb.body);
	emit_report(rb);
}

std::string current_worker_line(task_struct *t)
{
	Worker *w = worker_of(t);
	if (!w || !w->current_work)
		return "";
	return strf("Workqueue: %s %s\n", w->current_wq ? w->current_wq->name : "?",
		    symbol_name((void *)w->current_func).c_str());
}

} /* namespace kshim */

/* ---- queueing ---------------------------------------------------------------------------- */

/* model: kworkers on the simulated CPUs, PENDING semantics, lockdep's pseudo-locks, leak checks */

static Pool *pick_pool(int cpu, workqueue_struct *wq, work_struct *work)
{
	Pool *last;
	if (busy_elsewhere(work, &last))
		return last;	/* non-reentrancy: a running item is queued behind itself */
	if (wq->flags & WQ_UNBOUND)
		return &pools[4];
	if (cpu == WORK_CPU_UNBOUND || cpu < 0 || cpu >= (int)sim.cfg.ncpus)
		cpu = cur()->cpu;
	return &pools[cpu];
}

static void __queue_work(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	lockdep_assert_irqs_disabled_at("kernel/workqueue.c", 2286);
	Pool *pool = pick_pool(cpu, wq, work);
	work_wq[work] = wq;
	pool->worklist.push_back(work);
	if (sim.trace_on)
		trace_note(strf("cpu%u %s/%d: queue_work(%s, %s)", cur()->cpu, cur()->comm, cur()->pid, wq->name,
				symbol_name((void *)work->func).c_str()));
	kick_pool(pool);
}

static bool test_and_set_pending(struct work_struct *work)
{
	long old = atomic_long_read(&work->data);
	atomic_long_set(&work->data, old | 1);
	return old & 1;
}

static void clear_pending(struct work_struct *work)
{
	atomic_long_set(&work->data, atomic_long_read(&work->data) & ~1L);
}

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	unsigned long flags;
	bool ret = false;

	local_irq_save(flags);
	if (!test_and_set_pending(work)) {
		__queue_work(cpu, wq, work);
		ret = true;
	}
	local_irq_restore(flags);
	return ret;
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}

bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}

void __init_work(struct work_struct *work, work_func_t func, const char *name, struct lock_class_key *key)
{
	atomic_long_set(&work->data, 0);
	INIT_LIST_HEAD(&work->entry);
	work->func = func;
	lockdep_init_map(&work->lockdep_map, name, key, 0);
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
{
	char name[32];
	va_list ap;

	might_alloc(GFP_KERNEL);
	va_start(ap, max_active);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	auto wq = std::make_unique<workqueue_struct>();
	wq_init(wq.get(), name, flags, max_active);
	all_wqs.push_back(std::move(wq));
	return all_wqs.back().get();
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	might_sleep();
	flush_workqueue(wq);
}

/* ---- running work ---------------------------------------------------------------------------- */

noinline static void process_one_work(Worker *worker, work_struct *work)
{
	task_struct *t = cur();
	workqueue_struct *wq = work_wq.count(work) ? work_wq[work] : system_wq;
	struct lockdep_map lockdep_map = work->lockdep_map;	/* the work may free itself */

	worker->current_work = work;
	worker->current_func = work->func;
	worker->current_wq = wq;
	clear_pending(work);
	local_irq_enable();

	int lockdep_start_depth = t->lockdep_depth;
	int rcu_start_depth = rcu_preempt_depth();
	lock_map_acquire(&wq->lockdep_map);
	lock_map_acquire(&lockdep_map);
	worker->current_func(work);
	lock_map_release(&lockdep_map);
	lock_map_release(&wq->lockdep_map);

	if (t->preempt_count || t->lockdep_depth != lockdep_start_depth || rcu_preempt_depth() != rcu_start_depth) {
		ReportBuilder rb;
		rb.kind = "LEAK";
		rb.header = strf("BUG: workqueue leaked atomic, lock or RCU: %s[%d]", t->comm, t->pid);
		rb.body = strf("     preempt=0x%08x lock=%d->%d RCU=%d->%d workfn=%s\n", t->preempt_count,
			       lockdep_start_depth, t->lockdep_depth, rcu_start_depth, rcu_preempt_depth(),
			       symbol_name((void *)worker->current_func).c_str());
		debug_show_held_locks(t, rb.body);
		emit_report(rb);
	}
	kshim_cond_resched_at("kernel/workqueue.c", 3299);
	worker->current_work = nullptr;
	worker->current_func = nullptr;
	worker->current_wq = nullptr;
	local_irq_disable();
}

noinline static void worker_thread(void *arg)
{
	Worker *worker = (Worker *)arg;
	Pool *pool = worker->pool;
	task_struct *t = cur();

	local_irq_disable();
	for (;;) {
		if (pool->worklist.empty()) {
			worker->idle = true;
			pool->nr_running--;
			local_irq_enable();
			t->state = TaskState::blocked;
			t->parked = true;
			block_current(pool);
			t->parked = false;
			local_irq_disable();
			continue;
		}
		work_struct *work = pool->worklist.front();
		pool->worklist.pop_front();
		process_one_work(worker, work);
	}
}

/* ---- flushing and cancelling ------------------------------------------------------------------------ */

static bool work_queued(const work_struct *work)
{
	for (auto &p : pools)
		if (std::find(p.worklist.begin(), p.worklist.end(), work) != p.worklist.end())
			return true;
	return false;
}

static bool work_running(const work_struct *work)
{
	Pool *p;
	return busy_elsewhere(work, &p);
}

static void touch_work_lockdep_map(struct work_struct *work)
{
	lock_map_acquire(&work->lockdep_map);
	lock_map_release(&work->lockdep_map);
}

static void wait_for_work(struct work_struct *work)
{
	task_struct *t = cur();
	/* Sleep until the item is neither queued nor running (the kernel's wq_barrier). */
	while (work_queued(work) || work_running(work)) {
		if (!in_fiber()) {
			run_until([work] { return !work_queued(work) && !work_running(work); });
			return;
		}
		t->state = TaskState::blocked;
		t->blocked_on = work;
		wait_until([work] { return !work_queued(work) && !work_running(work); });
	}
}

static bool __flush_work(struct work_struct *work, bool from_cancel)
{
	if (WARN_ON_AT("kernel/workqueue.c", 4241, !work->func))
		return false;
	if (!work_queued(work) && !work_running(work))
		return false;
	touch_work_lockdep_map(work);
	(void)from_cancel;
	wait_for_work(work);
	return true;
}

bool flush_work(struct work_struct *work)
{
	__might_sleep("kernel/workqueue.c", 4300);
	return __flush_work(work, false);
}

bool flush_delayed_work(struct delayed_work *dwork)
{
	if (del_timer(&dwork->timer))
		queue_work(dwork->wq ? dwork->wq : system_wq, &dwork->work);
	return flush_work(&dwork->work);
}

bool flush_rcu_work(struct rcu_work *rwork)
{
	if (atomic_long_read(&rwork->work.data) & 1) {
		rcu_barrier();
		flush_work(&rwork->work);
		return true;
	}
	return flush_work(&rwork->work);
}

void flush_workqueue(struct workqueue_struct *wq)
{
	__might_sleep("kernel/workqueue.c", 3931);
	lock_map_acquire(&wq->lockdep_map);
	lock_map_release(&wq->lockdep_map);
	auto pending = [wq] {
		for (auto &p : pools) {
			for (work_struct *w : p.worklist)
				if (work_wq.count(w) && work_wq[w] == wq)
					return true;
			for (Worker *w : p.workers)
				if (w->current_work && w->current_wq == wq)
					return true;
		}
		return false;
	};
	if (!in_fiber()) {
		run_until([&] { return !pending(); });
		return;
	}
	cur()->state = TaskState::blocked;
	cur()->blocked_on = wq;
	wait_until([&] { return !pending(); });
}

void drain_workqueue(struct workqueue_struct *wq)
{
	flush_workqueue(wq);
}

bool cancel_work(struct work_struct *work)
{
	bool was = false;
	for (auto &p : pools) {
		auto it = std::find(p.worklist.begin(), p.worklist.end(), work);
		if (it != p.worklist.end()) {
			p.worklist.erase(it);
			was = true;
		}
	}
	clear_pending(work);
	return was;
}

bool cancel_work_sync(struct work_struct *work)
{
	__might_sleep("kernel/workqueue.c", 4393);
	bool was = cancel_work(work);
	if (work_running(work)) {
		touch_work_lockdep_map(work);
		wait_for_work(work);
	}
	return was;
}

/* ---- delayed and RCU work ------------------------------------------------------------------------------ */

static void delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = from_timer(dwork, t, timer);
	__queue_work(dwork->cpu, dwork->wq, &dwork->work);
}

void __init_delayed_work(struct delayed_work *dwork, work_func_t func, const char *name, struct lock_class_key *key)
{
	__init_work(&dwork->work, func, name, key);
	timer_setup(&dwork->timer, delayed_work_timer_fn, TIMER_IRQSAFE);
}

bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)
{
	unsigned long flags;
	bool ret = false;

	local_irq_save(flags);
	if (!test_and_set_pending(&dwork->work)) {
		dwork->wq = wq;
		dwork->cpu = cpu;
		if (!delay) {
			__queue_work(cpu, wq, &dwork->work);
		} else {
			dwork->timer.expires = jiffies + delay;
			add_timer(&dwork->timer);
		}
		ret = true;
	}
	local_irq_restore(flags);
	return ret;
}

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work_on(WORK_CPU_UNBOUND, wq, dwork, delay);
}

bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}

bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork, unsigned long delay)
{
	cancel_delayed_work(dwork);
	return queue_delayed_work(wq, dwork, delay);
}

bool cancel_delayed_work(struct delayed_work *dwork)
{
	bool was = del_timer(&dwork->timer);
	was |= cancel_work(&dwork->work);
	return was;
}

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	bool was = del_timer_sync(&dwork->timer);
	was |= cancel_work_sync(&dwork->work);
	return was;
}

/* After the grace period, queue the work with IRQs off, as the kernel does. */
static void rcu_work_rcufn(struct rcu_head *rcu)
{
	struct rcu_work *rwork = container_of(rcu, struct rcu_work, rcu);

	local_irq_disable();
	__queue_work(WORK_CPU_UNBOUND, rwork->wq, &rwork->work);
	local_irq_enable();
}

bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rwork)
{
	struct work_struct *work = &rwork->work;

	if (!test_and_set_pending(work)) {
		rwork->wq = wq;
		call_rcu_hurry(&rwork->rcu, rcu_work_rcufn);
		return true;
	}
	return false;
}

struct work_struct *current_work(void)
{
	Worker *w = worker_of(cur());
	return w ? w->current_work : nullptr;
}

/* kvfree_rcu(): the kernel frees batches from a work item after the grace period. */
namespace kshim {
struct KfreeBatch {
	struct work_struct work;
	std::vector<void *> ptrs;
};

static void kfree_rcu_work(struct work_struct *work)
{
	KfreeBatch *b = container_of(work, KfreeBatch, work);
	for (void *p : b->ptrs)
		kfree(p);
}

void kfree_rcu_queue_work(const std::vector<void *> &ptrs)
{
	KfreeBatch *b = per_boot<KfreeBatch>();
	b->ptrs = ptrs;
	INIT_WORK(&b->work, kfree_rcu_work);
	unsigned long flags = arch_local_irq_save();
	test_and_set_pending(&b->work);
	__queue_work(WORK_CPU_UNBOUND, system_unbound_wq, &b->work);
	arch_local_irq_restore(flags);
}

} /* namespace kshim */

/* A harness operation queued as a work item: the work function a report names. */
struct kctx_op_work {
	struct work_struct work;
	void (*fn)(void *);
	void *arg;
};

noinline static void kctx_op_work_fn(struct work_struct *work)
{
	kctx_op_work *ow = container_of(work, kctx_op_work, work);
	ow->fn(ow->arg);
}

namespace kshim {

void queue_kworker(unsigned cpu, void (*fn)(void *), void *arg)
{
	kctx_op_work *w = per_boot<kctx_op_work>();
	static struct lock_class_key key;
	__init_work(&w->work, kctx_op_work_fn, "(work_completion)(&kctx->work)", &key);
	w->fn = fn;
	w->arg = arg;
	task_struct *saved = sim.current;
	sim.current = host_task;
	host_task->cpu = cpu;
	unsigned long flags = arch_local_irq_save();
	test_and_set_pending(&w->work);
	__queue_work(cpu, system_wq, &w->work);
	arch_local_irq_restore(flags);
	host_task->cpu = 0;
	sim.current = saved;
}

void run_workqueues()
{
	run_until([] { return workqueue_idle(); });
}
} /* namespace kshim */
