/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core of the simulated machine, which every runtime file shares: tasks
 * and their fibers, the CPUs, the one Sim, the current task, and the
 * scheduler's calls for blocking, waking and shim points.  Functions and
 * variables declared here are defined in sched.cc.  Like the kernel's
 * kernel/sched/sched.h, this is private to the runtime (kshim/src).
 */
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include <kshim/fifo.h>
#include <kshim/kshim.h>

#include <linux/compiler.h>
#include <linux/types.h>

#define NO_ASAN __attribute__((no_sanitize("address")))
/*
 * For the first frames of a fiber, which call a function that never
 * returns: ASan would unpoison the whole stack before the call, with a
 * sigaltstack() system call, and a fiber's stack is clean when it starts.
 * These frames touch no kernel memory.
 */
#define NO_HANDLE_NO_RETURN NO_ASAN

namespace kshim {

struct Fiber {
	void *ctx = nullptr;		/* boost fcontext_t of the suspended fiber */
	char *stack = nullptr;		/* usable stack [stack, stack + size) */
	size_t size = 0;
	void *asan_fake_stack = nullptr;
	bool started = false, finished = false;
};

struct RawTrace;	/* stacktrace.h */

enum class TaskKind : uint8_t { idle, user, kworker, ksoftirqd, rcuc, rcuo };
enum class TaskState : uint8_t { runnable, blocked, spinning, dead };

constexpr int MAX_LOCK_DEPTH = 48;

struct lock_class;	/* lockdep.cc */

/* One entry of a task's held-lock stack; lockdep.cc fills it in. */
struct held_lock {
	lock_class *cls;
	const void *instance;
	void *acquire_ip;
	unsigned irq_context;	/* 0 task, 1 softirq, 2 hardirq (kernel encoding) */
	unsigned char read;	/* 0 write, 1 read, 2 recursive read */
	bool trylock;
};

} /* namespace kshim */

struct task_struct {
	int pid;
	char comm[16];
	unsigned cpu;
	kshim::TaskKind kind;
	bool kthread_entry;	/* a user task that is a kernel thread (spawn_kthread()): kthread()'s frames */
	kshim::TaskState state;

	/* context: what preempt_count(), irqs_disabled() and friends read */
	unsigned preempt_count;
	bool irqs_off;
	int rcu_read_lock_nesting;	/* preemptible RCU readers */
	int non_block_count;
	unsigned softirq_disable_cnt;	/* PREEMPT_RT keeps the softirq count here */
	int migration_disabled;

	/* RCU: preempted inside a reader while a grace period waits on it */
	unsigned long rcu_blocked_gp;
	unsigned long blocked_since;	/* jiffies when it last blocked or began to spin (hung-task detector) */

	/* DEBUG_PREEMPT and lockdep's irqtrace, for the report details */
	void *preempt_disable_ip;
	unsigned irq_events;
	unsigned hardirq_enable_event, hardirq_disable_event;
	unsigned softirq_enable_event, softirq_disable_event;
	void *hardirq_enable_ip, *hardirq_disable_ip;
	void *softirq_enable_ip, *softirq_disable_ip;

	/* lockdep */
	kshim::held_lock held_locks[kshim::MAX_LOCK_DEPTH];
	int lockdep_depth;
	int hardirq_context;		/* lockdep's view of interrupt nesting */
	int softirq_context;

	/* scheduling */
	void (*fn)(void *);
	void *arg;
	kshim::Fiber fiber;
	const void *spin_on;		/* lock this task is spinning on */
	const void *blocked_on;		/* what it sleeps on, for hang reports */
	const std::function<bool()> *wait_pred;	/* sleeping until this holds */
	bool woken;
	bool parked;			/* idle by design: a worker or harness task waiting for work */
	kshim::RawTrace *block_trace;	/* where it went to sleep, for hang reports */
	void *worker;			/* workqueue worker, for kworkers */
};

namespace kshim {

struct IrqWork {
	void (*fn)(void *);
	void *arg;
};

struct Cpu {
	unsigned id;
	task_struct *curr;
	task_struct *idle;
	task_struct *ksoftirqd;
	Fifo<task_struct *> runq;
	unsigned softirq_pending;
	Fifo<IrqWork> irq_work;	/* hardirq handlers waiting to be taken */
	bool tick_pending;
	/* the watchdogs (watchdog.cc): work since the last tick, the soft-lockup detector's state */
	unsigned wd_points;
	bool wd_forced;		/* the pending tick is one the CPU's work made due */
	unsigned long wd_touch, wd_next;
	bool wd_reported;
	bool wd_stopper;		/* the watchdog's stopper work is queued: the CPU must schedule */
	/*
	 * The idle task waits in do_idle(); anywhere else (an interrupt or a
	 * softirq it took, paused while another CPU ran) it is in the middle
	 * of work and must be resumed like any running task.
	 */
	bool idle_resting = true;
};

/* Nothing runs on the CPU but the idle task, waiting in do_idle(): dyntick-idle. */
inline bool cpu_is_idle(const Cpu &c)
{
	return !c.curr || (c.curr == c.idle && c.idle_resting);
}

struct Sim {
	MachineConfig cfg;
	ChoiceSource *choices = nullptr;
	bool booted = false;
	bool stopping = false;
	std::array<Cpu, 4> cpus;
	std::vector<task_struct *> tasks;
	task_struct *current = nullptr;	/* the task whose fiber runs now, or null (host) */
	unsigned preemptions = 0;
	int next_pid = 1;
	unsigned long jiffies = 0;
	unsigned long long steps = 0;
	bool trace_on = false;
	bool booting = false;		/* system_state == SYSTEM_BOOTING: no sleep checks */
	bool halted = false;		/* a watchdog ended the run: nothing more runs */
};
extern Sim sim;

/* CONFIG_PREEMPT_RT */
inline bool rt()
{
	return sim.cfg.preempt == Preempt::rt;
}

/* The boot CPU's context while the host runs kernel code (boot, oracles). */
extern task_struct *const host_task;
/*
 * The preempt count a task rests at: 0, or PREEMPT_DISABLED for the
 * per-CPU idle tasks (init_idle_preempt_count(); the boot CPU's idle task
 * is init_task, INIT_PREEMPT_COUNT).  kshim's host context also calls itself
 * swapper/0 but stands for kernel_init and rcu_gp_kthread: it rests at 0.
 */
unsigned task_base_preempt_count(const task_struct *t);

inline task_struct *cur() { return sim.current; }
inline Cpu &this_cpu() { return sim.cpus[sim.current ? sim.current->cpu : 0]; }

task_struct *create_task(const char *comm, unsigned cpu, TaskKind kind, void (*fn)(void *), void *arg,
			 bool kthread_entry = false);
void wake_task(task_struct *t);
void block_current(const void *on);	/* state must already be set; returns when woken */
void spin_wait(const void *lock);	/* yield while spinning on another CPU's lock */
/* Sleep until pred() holds; the host loop re-checks it.  The caller sets state = blocked. */
void wait_until(const std::function<bool()> &pred);
bool in_fiber();
void host_yield();			/* the running fiber gives the CPU back to the host loop */
bool task_is_current_on_cpu(task_struct *t);
void note_context_switch(task_struct *prev);

/* Where a running task may be preempted or interrupted, or let another CPU run. */
enum class Point : uint8_t { lock, unlock, irq_enable, preempt_enable, bh_enable, rcu_unlock, might_sleep, cond_resched, other };
void sched_point(Point p);

/* Teardown (boot.cc's shutdown()) */
void sched_reset();
void resume_for_teardown(task_struct *t);
void release_unstarted(task_struct *t);
void release_parked(task_struct *t);

} /* namespace kshim */
