// SPDX-License-Identifier: GPL-2.0
/*
 * Booting and tearing down the simulated machine, the task entry chains
 * (kthreads, "user" tasks in a system call, idle), completions, and the
 * host-side helpers the harness uses to place work in a context.
 */
#include "sched.h"
#include "boot.h"
#include "context.h"
#include "device.h"
#include "kunit.h"
#include "fault.h"
#include "lockdep.h"
#include "locking.h"
#include "mem.h"
#include "watchdog.h"
#include "printk.h"
#include "rcu.h"
#include "report.h"
#include "set_memory.h"
#include "softirq.h"
#include "stacktrace.h"
#include "timer.h"
#include "workqueue.h"

#include <linux/bug.h>
#include <linux/completion.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/workqueue.h>

#include <climits>
#include <cstring>
#include <map>
#include <string>

namespace kshim {

/* ---- early parameters and initcalls ------------------------------------------------------- */

static std::map<std::string, int (*)(char *)> &early_params()
{
	static std::map<std::string, int (*)(char *)> m;
	return m;
}

static std::multimap<std::string, int (*)(void)> &initcalls()
{
	static std::multimap<std::string, int (*)(void)> m;
	return m;
}

early_param_reg::early_param_reg(const char *name, int (*fn)(char *))
{
	early_params()[name] = fn;
}

initcall_reg::initcall_reg(const char *level, int (*fn)(void))
{
	initcalls().emplace(level, fn);
}

int run_early_param(const char *name, const char *value)
{
	auto it = early_params().find(name);
	if (it == early_params().end())
		return -ENOENT;
	std::string v = value;
	return it->second(&v[0]);
}

int run_initcalls(const char *level)
{
	auto r = initcalls().equal_range(level);
	for (auto it = r.first; it != r.second; ++it)
		it->second();
	return 0;
}

/* ---- boot ------------------------------------------------------------------------------------------ */

static void idle_main(void *);

void boot(const MachineConfig &cfg, ChoiceSource *choices)
{
	if (sim.booted)
		shutdown();
	sim.cfg = cfg;
	if (sim.cfg.ncpus < 1)
		sim.cfg.ncpus = 1;
	if (sim.cfg.ncpus > 4)
		sim.cfg.ncpus = 4;
	sim.choices = choices;
	sim.stopping = false;
	sim.preemptions = 0;
	sim.next_pid = 1;
	sim.steps = 0;
	sim.jiffies = 0;
	bool trace = sim.trace_on;
	trace_enable(trace);

	printk_reset();
	clear_reports();
	lockdep_reset();
	locking_reset();
	stacktrace_reset();
	sched_reset();

	memset((void *)host_task, 0, sizeof(*host_task));
	snprintf(host_task->comm, sizeof(host_task->comm), "swapper/0");
	host_task->kind = TaskKind::idle;
	host_task->irqs_off = true;	/* early boot runs with interrupts off */
	sim.current = host_task;
	sim.booting = true;

	softirq_reset();
	timer_reset();
	watchdog_reset();
	rcu_reset();
	workqueue_reset();
	fault_reset();
	platform_reset();
	mem_boot();
	mem_reset();
	memblock_reset();
	slab_reset();
	vmalloc_reset();
	genalloc_reset();
	devices_reset();
	kunit_reset();

	/*
	 * Known: this clears the per-CPU watchdog state watchdog_reset() set
	 * above, so each CPU's watchdog samples at its first tick, not one
	 * period after boot as the kernel's hrtimer does.  A run ends when
	 * the machine is quiet, and inject-find-pool-no-rcu-lock meets its
	 * idle-task BUG only through that early stopper work; fixing the order
	 * needs the end of a run to let the clock reach the next sample.
	 */
	for (unsigned i = 0; i < 4; i++) {
		Cpu &c = sim.cpus[i];
		c = Cpu();
		c.id = i;
		if (i < sim.cfg.ncpus) {
			char name[16];
			snprintf(name, sizeof(name), "swapper/%u", i);
			c.idle = create_task(name, i, TaskKind::idle, idle_main, nullptr);
			c.curr = c.idle;
		}
	}
	sim.booted = true;
}

void boot_enable_irqs()
{
	host_task->irqs_off = false;	/* early_boot_irqs_disabled = false; local_irq_enable() */
}

void boot_finish()
{
	/* start_kernel() has enabled interrupts; postcore and late initcalls run now. */
	boot_enable_irqs();
	run_initcalls("core");
	run_initcalls("postcore");
	run_initcalls("arch");
	run_initcalls("subsys");
	run_initcalls("fs");
	run_initcalls("device");
	run_initcalls("late");
}

void system_running()
{
	sim.booting = false;	/* SYSTEM_RUNNING: the sleep checks are on from here */
}

bool booted()
{
	return sim.booted;
}

const MachineConfig &config()
{
	return sim.cfg;
}

static std::vector<std::shared_ptr<void>> boot_objects;

void keep_until_shutdown(std::shared_ptr<void> p)
{
	boot_objects.push_back(std::move(p));
}

void shutdown()
{
	if (!sim.booted)
		return;
	sim.stopping = true;
	for (task_struct *t : sim.tasks) {
		if (t->fiber.finished || !t->fiber.stack)
			continue;
		bool at_rest = (t->parked && t->state == TaskState::blocked) ||
			       (t->kind == TaskKind::idle && sim.cpus[t->cpu].idle_resting);
		if (!t->fiber.started)
			release_unstarted(t);
		else if (at_rest)
			release_parked(t);
		else
			resume_for_teardown(t);
	}
	for (task_struct *t : sim.tasks) {
		delete t->block_trace;
		delete t;
	}
	sim.tasks.clear();
	for (Cpu &c : sim.cpus)
		c = Cpu();
	sim.current = host_task;
	sim.stopping = false;
	sim.booted = false;
	boot_objects.clear();
	/*
	 * Free the run's host objects now rather than at the next boot, so that
	 * a run's mallocs and frees balance: libFuzzer runs an input a second
	 * time, looking for a leak, whenever they do not.  These resets free
	 * and allocate nothing; boot() runs them again before it builds anything.
	 */
	workqueue_reset();
	lockdep_reset();
	devices_reset();
	kunit_reset();
	slab_reset();
	rcu_reset();
	timer_reset();
	genalloc_reset();
	vmalloc_reset();
	stacktrace_reset();
	forget_signatures();
}

/* ---- harness helpers ------------------------------------------------------------------------------------- */

struct UserStart {
	void (*fn)(void *);
	void *arg;
};

task_struct *spawn_task(const char *comm, unsigned cpu, void (*fn)(void *), void *arg)
{
	return create_task(comm, cpu % sim.cfg.ncpus, TaskKind::user, fn, arg);
}

task_struct *spawn_kthread(const char *comm, unsigned cpu, void (*fn)(void *), void *arg)
{
	return create_task(comm, cpu % sim.cfg.ncpus, TaskKind::user, fn, arg, true);
}

void queue_hardirq(unsigned cpu, void (*fn)(void *), void *arg)
{
	sim.cpus[cpu % sim.cfg.ncpus].irq_work.push_back({ fn, arg });
}

struct SoftirqOp {
	struct tasklet_struct tasklet;
	void (*fn)(void *);
	void *arg;
};

static void softirq_op_tasklet(struct tasklet_struct *t)
{
	SoftirqOp *op = container_of(t, SoftirqOp, tasklet);
	op->fn(op->arg);
}

static void raise_softirq_op(void *data)
{
	tasklet_schedule(&((SoftirqOp *)data)->tasklet);
}

void queue_softirq(unsigned cpu, void (*fn)(void *), void *arg)
{
	/* A device interrupt schedules a tasklet; it runs as the interrupt exits. */
	SoftirqOp *op = per_boot<SoftirqOp>();
	tasklet_setup(&op->tasklet, softirq_op_tasklet);
	op->fn = fn;
	op->arg = arg;
	queue_hardirq(cpu, raise_softirq_op, op);
}

void run_softirqs()
{
	for (unsigned i = 0; i < sim.cfg.ncpus; i++)
		if (sim.cpus[i].softirq_pending)
			sim.cpus[i].tick_pending = true;
	run_until([] {
		for (unsigned i = 0; i < sim.cfg.ncpus; i++)
			if (sim.cpus[i].softirq_pending || sim.cpus[i].tick_pending)
				return false;
		return true;
	});
}

bool machine_quiet()
{
	for (task_struct *t : sim.tasks) {
		if (t->kind == TaskKind::user && t->state != TaskState::dead)
			return false;
		/* a kernel thread preempted in the middle of its work is not done yet */
		if (t->kind != TaskKind::idle && t->state == TaskState::runnable && !t->parked)
			return false;
	}
	for (unsigned i = 0; i < sim.cfg.ncpus; i++) {
		const Cpu &c = sim.cpus[i];
		if (c.softirq_pending || !c.irq_work.empty() || c.tick_pending || !c.idle_resting)
			return false;
	}
	return workqueue_idle() && rcu_idle() && !timers_pending();
}

void drain()
{
	for (int round = 0; round < 64 && !machine_quiet() && !sim.halted; round++) {
		run_until(machine_quiet);
		if (machine_quiet())
			break;
		/* Timers far in the future: let time pass. */
		if (timers_pending())
			advance_jiffies(HZ);
	}
}

} /* namespace kshim */

using namespace kshim;

/* ---- task entry chains ---------------------------------------------------------------------------------------- */

/* model: the kernel's bottom frames, so that a trace ends the way the kernel's do */

noinline void kthread(task_struct *t)
{
	t->fn(t->arg);
}

noinline void ret_from_fork(task_struct *t)
{
	kthread(t);
}

noinline void do_syscall_64(task_struct *t)
{
	t->fn(t->arg);
}

/*
 * model: the idle task schedules (here: to the watchdog's stopper thread,
 * which touches the soft-lockup timestamp).  __schedule()'s schedule_debug()
 * finds a leaked preempt count first and resets it, as the kernel does.
 */
noinline void schedule_idle(void)
{
	task_struct *t = cur();
	/* schedule_debug(): in_atomic_preempt_off(), then preempt_count_set(PREEMPT_DISABLED) */
	if ((t->preempt_count & ~HARDIRQ_MASK) != PREEMPT_DISABLED) {
		__schedule_bug(t);
		t->preempt_count = (t->preempt_count & HARDIRQ_MASK) | PREEMPT_DISABLED;
	}
	watchdog_touch(sim.cpus[t->cpu]);
}

noinline void do_idle(void)
{
	task_struct *t = cur();
	Cpu &c = sim.cpus[t->cpu];
	c.idle_resting = false;
	for (;;) {
		rcu_note_qs(c.id, true);
		if (hardirq_pending(c)) {
			do_hardirq_work(c);
			continue;
		}
		if (c.wd_stopper) {
			c.wd_stopper = false;
			schedule_idle();
		}
		c.idle_resting = true;
		host_yield();
		c.idle_resting = false;
	}
}

NO_HANDLE_NO_RETURN noinline void cpu_startup_entry(void)
{
	do_idle();
}

namespace kshim {
NO_HANDLE_NO_RETURN static void idle_main(void *)
{
	cpu_startup_entry();
}

void enter_task(task_struct *t)
{
	switch (t->kind) {
	case TaskKind::idle:
		t->fn(t->arg);
		break;
	case TaskKind::user:
		if (t->kthread_entry)
			ret_from_fork(t);
		else
			do_syscall_64(t);
		break;
	default:
		ret_from_fork(t);
		break;
	}
}

/* The end of a system call: the kernel's checks (below), then a clean slate. */
void return_to_user()
{
	task_struct *t = cur();
	::syscall_exit_to_user_mode();
	/* The kernel would be wedged; keep going from a clean slate. */
	while (t->lockdep_depth)
		lock_release((struct lockdep_map *)t->held_locks[t->lockdep_depth - 1].instance, 0);
	t->preempt_count = 0;
	t->rcu_read_lock_nesting = 0;
	t->irqs_off = false;
	rcu_note_qs(t->cpu, true);
	sched_point(Point::cond_resched);
}
} /* namespace kshim */

/*
 * model: kernel/entry/common.c's way out of a system call, in its order
 * (6.12): interrupts left off are a WARN under PROVE_LOCKING; then
 * exit_to_user_mode_loop() schedules, which is where a leaked preempt count
 * or RCU read section is reported; then lockdep_sys_exit().  kctx takes
 * TIF_NEED_RESCHED as set at every exit: a leak is reported at the first
 * schedule() after it, and this is the earliest one.
 */
noinline void lockdep_sys_exit(void)
{
	using namespace kshim;
	task_struct *t = cur();
	if (!t->lockdep_depth || !debug_locks)
		return;
	ReportBuilder rb = lockdep_report("WARNING: lock held when returning to user space!");
	rb.body += strf("%s/%d is leaving the kernel with locks still held!\n", t->comm, t->pid);
	lockdep_print_held_locks(t, rb.body);
	debug_locks = false;
	emit_report(rb);
}

/* model: PREEMPT_RCU's check at a voluntary context switch (kernel/rcu/tree_plugin.h) */
noinline void rcu_note_context_switch(bool preempt)
{
	using namespace kshim;
	if (kshim::preempt_rcu() && !preempt && cur()->rcu_read_lock_nesting > 0) {
		static bool warned;
		if (!warned) {
			warned = true;
			register_once(&warned);
			__warn("kernel/rcu/tree_plugin.h", 331, nullptr,
			       "Voluntary context switch within RCU read-side critical section!");
		}
	}
}

/* model: the order above; the syscall number is 0, as harness operations have none */
noinline void syscall_exit_to_user_mode(void)
{
	using namespace kshim;
	task_struct *t = cur();
	if (t->irqs_off) {
		__warn("kernel/entry/common.c", 191, nullptr, "syscall %lu left IRQs disabled", 0UL);
		local_irq_enable();
	}
	if (t->preempt_count)
		__schedule_bug(t);
	::rcu_note_context_switch(false);
	lockdep_sys_exit();
}

/* ---- completions (kernel/sched/completion.c) --------------------------------------------------------------------- */

/* model: a waiter sleeps for real (with the sleep checks), or the host loop runs until done */

noinline void wait_for_completion(struct completion *x)
{
	__might_sleep("kernel/sched/completion.c", 111);
	task_struct *t = cur();
	if (!x->done) {
		if (!in_fiber()) {
			run_until([x] { return x->done > 0; });
		} else {
			if (t->preempt_count || t->irqs_off)
				__schedule_bug(t);
			t->state = TaskState::blocked;
			t->blocked_on = x;
			wait_until([x] { return x->done > 0; });
		}
	}
	if (x->done != UINT_MAX && x->done)
		x->done--;
}

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	wait_for_completion(x);
	return timeout ? timeout : 1;
}

bool try_wait_for_completion(struct completion *x)
{
	if (!x->done)
		return false;
	if (x->done != UINT_MAX)
		x->done--;
	return true;
}

bool completion_done(struct completion *x)
{
	return x->done != 0;
}

void complete(struct completion *x)
{
	if (x->done != UINT_MAX)
		x->done++;
}

void complete_all(struct completion *x)
{
	x->done = UINT_MAX;
}
