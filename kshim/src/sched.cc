// SPDX-License-Identifier: GPL-2.0
/*
 * kshim scheduler: simulated CPUs, tasks as Boost.Context fibers, and the
 * host loop that decides, through the choice stream, which CPU runs next.
 *
 * Fibers switch only at shim points.  The host loop (the process's own
 * stack) resumes one fiber at a time; a fiber gives control back when it
 * blocks, spins on a lock another CPU holds, is preempted, or when the choice
 * stream lets another CPU run.  We use Boost.Context's fcontext layer
 * directly: kctx owns the stacks (a pool with guard pages), tells ASan about
 * every switch itself (Debian's Boost is built without those hooks), and
 * never lets Boost destroy a fiber: unfinished fibers are unwound by
 * throwing kshim::Teardown through them (cooperative teardown).
 */
/* Boost first: the kernel's "noinline" macro would break its headers. */
#include <boost/context/detail/fcontext.hpp>

#include "sched.h"
#include "watchdog.h"
#include "boot.h"
#include "context.h"
#include "lockdep.h"
#include "printk.h"
#include "rcu.h"
#include "report.h"
#include "stacktrace.h"
#include "timer.h"
#include "workqueue.h"

#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/spinlock_types.h>

#include <cstdarg>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KSHIM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define KSHIM_ASAN 1
#endif

#ifdef KSHIM_ASAN
extern "C" {
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom, size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save, const void **bottom_old, size_t *size_old);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
}
#endif

namespace bctx = boost::context::detail;

namespace kshim {

/* Thrown through kernel frames to unwind a blocked task at teardown. */
struct Teardown {};

Sim sim;

static task_struct init_task_storage;
task_struct *const host_task = &init_task_storage;

/* ---- stacks ------------------------------------------------------------------ */

static constexpr size_t STACK_SIZE = 512 << 10;
static std::vector<char *> stack_pool;

static char *stack_get()
{
	if (!stack_pool.empty()) {
		char *s = stack_pool.back();
		stack_pool.pop_back();
		return s;
	}
	size_t page = sysconf(_SC_PAGESIZE);
	void *m = mmap(nullptr, STACK_SIZE + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		perror("kshim: stack mmap");
		abort();
	}
	mprotect(m, page, PROT_NONE);	/* guard page below the stack */
	return (char *)m + page;
}

static void stack_put(char *s)
{
	stack_pool.push_back(s);
}

/* ---- switching ----------------------------------------------------------------- */

static bctx::fcontext_t host_ctx;
static const void *host_stack_bottom;
static size_t host_stack_size;
static void *host_fake_stack;

static void asan_enter_fiber(void *fake_save)
{
#ifdef KSHIM_ASAN
	__sanitizer_finish_switch_fiber(fake_save, &host_stack_bottom, &host_stack_size);
#else
	(void)fake_save;
#endif
}

/*
 * Host -> fiber; returns when the fiber gives the CPU back.  The switching
 * functions are NO_ASAN: ASan's frame bookkeeping must not straddle a stack
 * switch.
 */
NO_ASAN static void run_fiber(task_struct *t)
{
	sim.current = t;
	t->fiber.started = true;
#ifdef KSHIM_ASAN
	__sanitizer_start_switch_fiber(&host_fake_stack, t->fiber.stack, t->fiber.size);
#endif
	bctx::transfer_t r = bctx::jump_fcontext(t->fiber.ctx, t);
#ifdef KSHIM_ASAN
	__sanitizer_finish_switch_fiber(host_fake_stack, nullptr, nullptr);
#endif
	t->fiber.ctx = r.fctx;
	sim.current = host_task;
	if (t->fiber.finished) {
		stack_put(t->fiber.stack);
		t->fiber.stack = nullptr;
	}
}

NO_ASAN void host_yield()
{
	task_struct *t = sim.current;
#ifdef KSHIM_ASAN
	__sanitizer_start_switch_fiber(&t->fiber.asan_fake_stack, host_stack_bottom, host_stack_size);
#endif
	bctx::transfer_t r = bctx::jump_fcontext(host_ctx, t);
	host_ctx = r.fctx;
	asan_enter_fiber(t->fiber.asan_fake_stack);
	sim.current = t;
	if (sim.stopping)
		throw Teardown();
}

/* Runs on the fiber's stack; the body is one of the entry functions below. */
static void fiber_main(task_struct *t)
{
	try {
		enter_task(t);
	} catch (const Teardown &) {
	} catch (const OpAbort &) {
		/* an oops killed the task */
	}
	t->state = TaskState::dead;
	t->fiber.finished = true;
#ifdef KSHIM_ASAN
	__sanitizer_start_switch_fiber(nullptr, host_stack_bottom, host_stack_size);
#endif
	bctx::jump_fcontext(host_ctx, t);
	__builtin_unreachable();
}

} /* namespace kshim */

/*
 * model: the fiber entry points.  They carry the kernel's names for the
 * bottom of a stack, so that traces end the way the kernel's do.
 * fiber_main() never returns; see NO_HANDLE_NO_RETURN.
 */
extern "C" NO_HANDLE_NO_RETURN noinline void ret_from_fork_asm(boost::context::detail::transfer_t t)
{
	kshim::host_ctx = t.fctx;
	kshim::asan_enter_fiber(nullptr);
	kshim::fiber_main((task_struct *)t.data);
}

extern "C" NO_HANDLE_NO_RETURN noinline void entry_SYSCALL_64_after_hwframe(boost::context::detail::transfer_t t)
{
	kshim::host_ctx = t.fctx;
	kshim::asan_enter_fiber(nullptr);
	kshim::fiber_main((task_struct *)t.data);
}

extern "C" NO_HANDLE_NO_RETURN noinline void secondary_startup_64(boost::context::detail::transfer_t t)
{
	kshim::host_ctx = t.fctx;
	kshim::asan_enter_fiber(nullptr);
	kshim::fiber_main((task_struct *)t.data);
}

namespace kshim {

/* ---- tasks ----------------------------------------------------------------------- */

task_struct *create_task(const char *comm, unsigned cpu, TaskKind kind, void (*fn)(void *), void *arg, bool kthread_entry)
{
	task_struct *t = new task_struct();
	memset((void *)t, 0, sizeof(*t));
	t->pid = kind == TaskKind::idle ? 0 : sim.next_pid++;
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	t->cpu = cpu;
	t->kind = kind;
	t->kthread_entry = kthread_entry;
	t->state = TaskState::runnable;
	t->fn = fn;
	t->arg = arg;
	t->fiber.stack = stack_get();
	t->fiber.size = STACK_SIZE;
	void (*entry)(bctx::transfer_t) = kind == TaskKind::user && !kthread_entry ? entry_SYSCALL_64_after_hwframe :
					  kind == TaskKind::idle ? secondary_startup_64 : ret_from_fork_asm;
	t->fiber.ctx = bctx::make_fcontext(t->fiber.stack + t->fiber.size, t->fiber.size, entry);
	/* init_idle_preempt_count(): an idle task runs with preemption disabled (x86: PREEMPT_DISABLED) */
	t->preempt_count = task_base_preempt_count(t);
	sim.tasks.push_back(t);
	if (kind != TaskKind::idle)
		sim.cpus[cpu].runq.push_back(t);
	return t;
}

unsigned task_base_preempt_count(const task_struct *t)
{
	return t->kind == TaskKind::idle && t != host_task ? PREEMPT_DISABLED : 0;
}

/* Unwind a fiber that is still inside kernel code: host_yield() throws Teardown in it. */
void resume_for_teardown(task_struct *t)
{
	while (!t->fiber.finished)
		run_fiber(t);
}

/*
 * A task asleep in its main loop (a parked kthread, a resting idle task)
 * has no frame that owns anything: drop its stack rather than unwind it,
 * which costs a C++ throw per task, every run.  Only the frames above the
 * saved stack pointer can hold ASan redzones.  (A functor that
 * task_park_until() keeps on the heap would leak here: that is an
 * unbalanced malloc, which libFuzzer's leak check reports.)
 */
void release_parked(task_struct *t)
{
#ifdef KSHIM_ASAN
	char *sp = (char *)t->fiber.ctx;
	__asan_unpoison_memory_region(sp, t->fiber.stack + t->fiber.size - sp);
#endif
	release_unstarted(t);
}

void release_unstarted(task_struct *t)
{
	stack_put(t->fiber.stack);
	t->fiber.stack = nullptr;
	t->fiber.finished = true;
}

bool task_finished(task_struct *t)
{
	return t->state == TaskState::dead;
}

bool in_fiber()
{
	return sim.current && sim.current != host_task;
}

bool task_is_current_on_cpu(task_struct *t)
{
	return sim.cpus[t->cpu].curr == t;
}

void note_context_switch(task_struct *prev)
{
	rcu_note_context_switch(prev);
	watchdog_touch(sim.cpus[prev->cpu]);
}

void wake_task(task_struct *t)
{
	if (t->state != TaskState::blocked)
		return;
	t->state = TaskState::runnable;
	t->blocked_on = nullptr;
	Cpu &c = sim.cpus[t->cpu];
	if (c.curr != t)
		c.runq.push_back(t);
	if (t->kind == TaskKind::kworker)
		worker_running(t);
}

void block_current(const void *on)
{
	task_struct *t = cur();
	if (!in_fiber()) {
		/* The boot context cannot sleep; a kernel that sleeps here is broken. */
		printk(KERN_ERR "kshim: boot context tried to sleep\n");
		abort();
	}
	t->blocked_on = on;
	t->state = TaskState::blocked;
	t->blocked_since = jiffies;
	if (!t->parked || t->rcu_read_lock_nesting > 0) {	/* hung-task and RCU stall reports show it */
		if (!t->block_trace)
			t->block_trace = new RawTrace();
		capture_stack(*t->block_trace, 0);
	}
	if (t->kind == TaskKind::kworker)
		worker_sleeping(t);
	note_context_switch(t);
	while (t->state == TaskState::blocked)
		host_yield();
}

void wait_until(const std::function<bool()> &pred)
{
	task_struct *t = cur();
	while (!pred()) {
		t->state = TaskState::blocked;
		t->wait_pred = &pred;
		block_current(t->blocked_on);
	}
	t->wait_pred = nullptr;
	t->state = TaskState::runnable;
}

void task_park_until(const std::function<bool()> &pred)
{
	task_struct *t = cur();
	t->parked = true;
	wait_until(pred);
	t->parked = false;
}

void spin_wait(const void *lock)
{
	task_struct *t = cur();
	if (!in_fiber()) {
		printk(KERN_ERR "kshim: boot context spins on a held lock\n");
		abort();
	}
	t->spin_on = lock;
	t->state = TaskState::spinning;
	if (!t->block_trace)
		t->block_trace = new RawTrace();
	capture_stack(*t->block_trace, 0);
	host_yield();
	t->spin_on = nullptr;
	t->state = TaskState::runnable;
}

/* ---- the host loop ----------------------------------------------------------------- */

static bool lock_released(const void *lock)
{
	return !((const raw_spinlock_t *)lock)->locked;
}

/* Can this CPU do anything if the host gives it a turn? */
static bool cpu_can_run(Cpu &c)
{
	task_struct *t = c.curr;
	if (!cpu_is_idle(c)) {
		if (t->state == TaskState::runnable)
			return true;
		if (t->state == TaskState::spinning)
			return lock_released(t->spin_on) || (!t->irqs_off && hardirq_pending(c));
		return false;
	}
	return !c.runq.empty() || hardirq_pending(c);
}

/* Pick the task a CPU runs now: the current one, a runnable one, or idle. */
static task_struct *cpu_pick(Cpu &c)
{
	task_struct *t = c.curr;
	if (!cpu_is_idle(c) && (t->state == TaskState::runnable || t->state == TaskState::spinning))
		return t;
	if (!c.runq.empty()) {
		unsigned k = c.runq.size() > 1 ? choose(Choice::pick_task, c.runq.size()) : 0;
		task_struct *n = c.runq[k];
		c.runq.erase_at(k);
		if (t && t != n)
			note_context_switch(t);
		c.curr = n;
		return n;
	}
	if (t != c.idle && t)
		note_context_switch(t);
	c.curr = c.idle;
	return c.idle;
}

static unsigned last_cpu;
static bool next_cpus_turn;	/* the CPU that ran last had a tick's worth of work: the others go first */

void sched_reset()
{
	last_cpu = 0;
	next_cpus_turn = false;
}

/* Wake sleepers whose condition now holds (completions, lock hand-over, flushes). */
static void wake_satisfied()
{
	for (task_struct *t : sim.tasks)
		if (t->state == TaskState::blocked && t->wait_pred && (*t->wait_pred)())
			wake_task(t);
}

bool run_until(const std::function<bool()> &done)
{
	while (!done()) {
		if (sim.halted || !watchdog_step())
			return done();
		wake_satisfied();
		unsigned cand[4], n = 0;
		unsigned first = next_cpus_turn ? last_cpu + 1 : last_cpu;
		next_cpus_turn = false;
		for (unsigned i = 0; i < sim.cfg.ncpus; i++) {
			unsigned id = (first + i) % sim.cfg.ncpus;	/* 0 = stay on the CPU that ran last */
			if (cpu_can_run(sim.cpus[id]))
				cand[n++] = id;
		}
		if (!n) {
			/* Nothing runnable: let time pass for deferred work. */
			if (rcu_gp_advance())
				continue;
			/*
			 * Ticks and timers wait on a CPU that spins with interrupts
			 * off: letting time pass for them would be no progress, and
			 * the soft-lockup report (report_hangs) is what comes next.
			 */
			bool ticked = false, timers = false;
			for (unsigned i = 0; i < sim.cfg.ncpus; i++) {
				Cpu &c = sim.cpus[i];
				if (!cpu_is_idle(c) && c.curr->state == TaskState::spinning && c.curr->irqs_off)
					continue;
				if (tick_wanted(c)) {
					c.tick_pending = true;
					ticked = true;
				}
				timers |= timers_pending(i);
			}
			if (ticked)
				continue;
			if (timers) {
				advance_jiffies(1);
				continue;
			}
			/* A CPU that spins with interrupts on takes ticks: time passes for its watchdog. */
			bool spinning = false;
			for (unsigned i = 0; i < sim.cfg.ncpus; i++) {
				Cpu &c = sim.cpus[i];
				if (!cpu_is_idle(c) && c.curr->state == TaskState::spinning && !c.curr->irqs_off) {
					c.tick_pending = true;
					spinning = true;
				}
			}
			if (spinning)
				continue;
			return done();
		}
		unsigned k = n > 1 ? choose(Choice::pick_cpu, n) : 0;
		Cpu &c = sim.cpus[cand[k]];
		if (cand[k] != last_cpu && sim.trace_on)
			trace_note(strf("host: run cpu%u", cand[k]));
		last_cpu = cand[k];
		task_struct *t = cpu_pick(c);
		sim.steps++;
		run_fiber(t);
		if (t->state == TaskState::blocked || t->state == TaskState::dead) {
			if (c.curr == t)
				c.curr = nullptr;
		}
	}
	return true;
}

/* ---- shim points ----------------------------------------------------------------------- */

static bool preempt_allowed_at(Point p)
{
	switch (sim.cfg.preempt) {
	case Preempt::none:
	case Preempt::static_none:
		return p == Point::cond_resched;
	case Preempt::voluntary:
	case Preempt::static_voluntary:
		return p == Point::cond_resched || p == Point::might_sleep;
	case Preempt::full:
	case Preempt::rt:
		return true;
	}
	return false;
}

static const char *point_name(Point p)
{
	switch (p) {
	case Point::lock: return "lock";
	case Point::unlock: return "unlock";
	case Point::irq_enable: return "irq enable";
	case Point::preempt_enable: return "preempt enable";
	case Point::bh_enable: return "bh enable";
	case Point::rcu_unlock: return "rcu unlock";
	case Point::might_sleep: return "might_sleep";
	case Point::cond_resched: return "cond_resched";
	case Point::other: return "point";
	}
	return "?";
}

/*
 * A CPU that did a tick's worth of work lets the other CPUs, which run
 * alongside it, have a turn: a long busy loop does not stop the machine.
 * Not a preemption (the task keeps its CPU), so no preemption budget.
 */
static void take_turns(task_struct *t)
{
	for (unsigned i = 0; i < sim.cfg.ncpus; i++)
		if (i != t->cpu && cpu_can_run(sim.cpus[i])) {
			next_cpus_turn = true;
			host_yield();
			return;
		}
}

void sched_point(Point p)
{
	task_struct *t = cur();
	if (!in_fiber() || sim.stopping)
		return;
	if (sim.halted)
		throw OpAbort();	/* a watchdog ended the run */
	Cpu &c = sim.cpus[t->cpu];
	watchdog_point(c);

	/* An interrupt that arrived while IRQs were off is taken as soon as they are on. */
	if (!t->irqs_off && hardirq_pending(c) && c.tick_pending) {
		bool turn = c.wd_forced;
		do_hardirq_work(c);
		if (sim.halted)
			throw OpAbort();
		if (turn)
			take_turns(t);
		return;
	}

	/*
	 * Several things may happen at one instruction boundary: interrupts
	 * back to back, and the grace-period kthread working on an idle CPU
	 * meanwhile.  A preemption or a turn of another CPU ends the point.
	 */
	for (unsigned events = 0; events < 8; events++) {
		enum { CONT, PREEMPT, CROSS, IRQ, GP } opts[5];
		unsigned n = 0;
		opts[n++] = CONT;
		bool budget = sim.preemptions < sim.cfg.max_preemptions;
		if (budget && preempt_allowed_at(p) && t->preempt_count == 0 && !t->irqs_off && !c.runq.empty())
			opts[n++] = PREEMPT;
		bool other_busy = false, other_idle = false;
		for (unsigned i = 0; i < sim.cfg.ncpus; i++)
			if (i != t->cpu)
				(cpu_can_run(sim.cpus[i]) ? other_busy : other_idle) = true;
		if (budget && other_busy)
			opts[n++] = CROSS;
		if (!t->irqs_off && (hardirq_pending(c) || tick_wanted(c)))
			opts[n++] = IRQ;
		/* rcu_gp_kthread runs on an idle CPU while this one goes on */
		if (other_idle && rcu_gp_can_advance())
			opts[n++] = GP;
		if (n == 1)
			return;
		unsigned k = choose(Choice::sched, n);
		static const char *const what[] = { "", "preempted", "other CPU runs", "interrupt", "rcu_gp_kthread runs" };
		if (opts[k] != CONT && sim.trace_on)
			trace_note(strf("cpu%u %s/%d: %s at %s", t->cpu, t->comm, t->pid, what[opts[k]], point_name(p)));
		switch (opts[k]) {
		case CONT:
			return;
		case PREEMPT:
			sim.preemptions++;
			note_context_switch(t);
			c.runq.push_back(t);
			c.curr = nullptr;
			while (c.curr != t)
				host_yield();
			return;
		case CROSS:
			sim.preemptions++;
			host_yield();
			return;
		case IRQ:
			if (!hardirq_pending(c))
				c.tick_pending = true;
			do_hardirq_work(c);	/* returns with the interrupted context's IRQ state: on */
			if (sim.halted)
				throw OpAbort();
			break;
		case GP:
			/* the kthread's own context, not this task's held locks */
			sim.current = host_task;
			while (rcu_gp_advance())
				;
			sim.current = t;
			break;
		}
	}
}

/* ---- kernel-facing scheduler entry points ------------------------------------------------- */

} /* namespace kshim */

using namespace kshim;

/* model: the simulated task and CPUs */
struct task_struct *get_current(void)
{
	return cur();
}

int task_pid_nr(struct task_struct *t)
{
	return t->pid;
}

const char *task_comm(struct task_struct *t)
{
	return t->comm;
}

bool is_idle_task(const struct task_struct *t)
{
	return t->kind == TaskKind::idle;
}


unsigned int raw_smp_processor_id(void)
{
	return cur()->cpu;
}

unsigned int num_possible_cpus(void)
{
	return sim.cfg.ncpus;
}

unsigned int num_online_cpus(void)
{
	return sim.cfg.ncpus;
}

unsigned int nr_cpu_ids_get(void)
{
	return sim.cfg.ncpus;
}

/* model: each is a shim point; a sleep is a sleep check and a context switch */
noinline void schedule(void)
{
	task_struct *t = cur();
	if (t->preempt_count != 0 || t->irqs_off)
		__schedule_bug(t);
	if (t->state == TaskState::blocked)
		block_current(t->blocked_on);
	else
		sched_point(Point::cond_resched);
}

void yield(void)
{
	sched_point(Point::cond_resched);
}

int __cond_resched(void)
{
	task_struct *t = cur();
	/*
	 * rcu_all_qs() exists only without PREEMPT_RCU, where readers disable
	 * preemption, and reports only when rcu_urgent_qs asks
	 * (kernel/rcu/tree_plugin.h:976 in 6.12.117)
	 */
	if (in_fiber() && !preempt_rcu() && t->preempt_count == 0 && !t->irqs_off && rcu_urgent_qs(t->cpu))
		rcu_note_qs(t->cpu, false);
	sched_point(Point::cond_resched);
	return 0;
}

noinline void msleep(unsigned int msecs)
{
	(void)msecs;
	__might_sleep("kernel/time/sleep_timeout.c", 339);
	task_struct *t = cur();
	if (t->preempt_count != 0 || t->irqs_off)
		__schedule_bug(t);
	if (!in_fiber())
		return;
	/* Sleeping is a context switch; the timer wakes us right away. */
	note_context_switch(t);
	sched_point(Point::cond_resched);
}

void usleep_range(unsigned long min, unsigned long max)
{
	(void)max;
	msleep(min / 1000);
}

/* stub: a busy-wait shorter than a tick neither sleeps, schedules nor makes time pass */
void udelay(unsigned long usecs)
{
	(void)usecs;
}

/*
 * model: a busy-wait of whole ticks: the CPU does the work of a tick at a
 * time, and takes the tick when its interrupts are on, so time passes and
 * the watchdogs see a CPU that does not schedule.
 */
noinline void mdelay(unsigned long msecs)
{
	if (!in_fiber())
		return;
	unsigned long ticks = (msecs * HZ + 999) / 1000;
	for (unsigned long i = 0; i < ticks; i++) {
		Cpu &c = this_cpu();
		c.wd_points = kPointsPerTick - 1;
		sched_point(Point::other);	/* the point's work makes a tick fall due */
	}
}

namespace kshim {

/* khungtaskd and the soft-lockup watchdog, for a run that cannot make progress. */
bool report_hangs()
{
	return watchdog_wait_out();
}

void check_quiescent()
{
	for (task_struct *t : sim.tasks) {
		if (t->state == TaskState::dead)
			continue;
		if (t->preempt_count != task_base_preempt_count(t) || t->lockdep_depth || t->rcu_read_lock_nesting || (t->irqs_off && t->kind != TaskKind::idle))
			harness_bug("context not balanced at the end of the run",
				    strf("task %s/%d: preempt_count=0x%x locks=%d rcu_depth=%d irqs_disabled=%d\n", t->comm,
					 t->pid, t->preempt_count, t->lockdep_depth, t->rcu_read_lock_nesting, t->irqs_off));
	}
}

} /* namespace kshim */

#ifdef KSHIM_ASAN
/*
 * ASan's heap quarantine holds only the host-side C++ objects (the simulated
 * kernel's memory is kshim's own, with its own poisoning and quarantine).
 * Every boot allocates and frees many of them; a large quarantine (the
 * default 256 MB, and still 16 MB) turns that into a stream of freshly
 * faulted pages, ~25 page faults a run.  ASAN_OPTIONS still overrides this;
 * weak, so that the fuzz target can choose leaner settings.
 */
extern "C" __attribute__((weak)) const char *__asan_default_options(void)
{
	return "quarantine_size_mb=4";
}
#endif
