/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State shared by the kshim runtime files: tasks, CPUs, the scheduler, and the
 * helpers each subsystem uses to reach the others.
 */
#pragma once

#include <array>
#include <cstdarg>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <kshim/fifo.h>

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/atomic.h>
#include <linux/lockdep_types.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <asm/page.h>

#include <kshim/kshim.h>

#define NO_ASAN __attribute__((no_sanitize("address")))
/*
 * For the first frames of a fiber, which call a function that never
 * returns: ASan would unpoison the whole stack before the call, with a
 * sigaltstack() system call, and a fiber's stack is clean when it starts.
 * These frames touch no kernel memory.
 */
#define NO_HANDLE_NO_RETURN NO_ASAN

/* DEBUG_PREEMPT's preempt_count_sub(), with the task made explicit (context.cc) */
void preempt_count_sub(struct task_struct *t, unsigned val);

namespace kshim {

/* ---- fibers ------------------------------------------------------------------- */

struct Fiber {
	void *ctx = nullptr;		/* boost fcontext_t of the suspended fiber */
	char *stack = nullptr;		/* usable stack [stack, stack + size) */
	size_t size = 0;
	void *asan_fake_stack = nullptr;
	bool started = false, finished = false;
};

/* Thrown through kernel frames to unwind a blocked task at teardown. */
struct Teardown {};

/* ---- stack traces ---------------------------------------------------------------- */

struct RawTrace {
	void *pcs[64];
	unsigned n = 0;
};

/* ---- tasks ------------------------------------------------------------------------ */

enum class TaskKind : uint8_t { idle, user, kworker, ksoftirqd, rcuc, rcuo };
enum class TaskState : uint8_t { runnable, blocked, spinning, dead };

constexpr int MAX_LOCK_DEPTH = 48;

struct lock_class;

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

/* ---- CPUs ----------------------------------------------------------------------- */

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
};
extern Sim sim;

/* CONFIG_PREEMPT_RT */
inline bool rt()
{
	return sim.cfg.preempt == Preempt::rt;
}
extern task_struct *const host_task;

inline task_struct *cur() { return sim.current; }
inline Cpu &this_cpu() { return sim.cpus[sim.current ? sim.current->cpu : 0]; }

/* sched.cc */
task_struct *create_task(const char *comm, unsigned cpu, TaskKind kind, void (*fn)(void *), void *arg);
void wake_task(task_struct *t);
void block_current(const void *on);	/* state must already be set; returns when woken */
void spin_wait(const void *lock);	/* yield while spinning on another CPU's lock */
/* Sleep until pred() holds; the host loop re-checks it.  The caller sets state = blocked. */
void wait_until(const std::function<bool()> &pred);
enum class Point : uint8_t { lock, unlock, irq_enable, preempt_enable, bh_enable, rcu_unlock, might_sleep, cond_resched, other };
void sched_point(Point p);
bool in_fiber();
void for_each_task(const std::function<void(task_struct *)> &fn);
void host_yield();			/* the running fiber gives the CPU back to the host loop */
void enter_task(task_struct *t);	/* boot.cc: the entry chain for a task's kind */
void resume_for_teardown(task_struct *t);
void release_unstarted(task_struct *t);
void release_parked(task_struct *t);
bool task_is_current_on_cpu(task_struct *t);
void note_context_switch(task_struct *prev);

/* context.cc */
void pc_add(task_struct *t, unsigned val, void *ip);
void pc_sub(task_struct *t, unsigned val);
void softirqs_off_trace(task_struct *t, void *ip);
void softirqs_on_trace(task_struct *t, void *ip);
void append_irqtrace(task_struct *t, std::string &out);
void append_preempt_disabled_at(task_struct *t, std::string &out);
bool preempt_rcu();
void irq_enter_hardirq();
void irq_exit_hardirq();
void do_hardirq_work(Cpu &c);		/* run pending hardirq handlers on this CPU's fiber */
bool hardirq_pending(const Cpu &c);
void check_leak(const char *what, const char *fn_name, unsigned pc_before, int locks_before,
		int rcu_before, bool irqs_before);

/* softirq.cc */
void softirq_reset();
void raise_softirq_on(unsigned cpu, unsigned nr);
bool softirq_pending_on(unsigned cpu);
void wakeup_softirqd_on(unsigned cpu);

/* rcu.cc */
void rcu_reset();
void rcu_note_qs(unsigned cpu, bool from_idle_or_user);
void rcu_note_context_switch(task_struct *prev);
void rcu_tick(Cpu &c, int user_or_idle);
bool rcu_wants_tick(const Cpu &c);
bool rcu_gp_advance();			/* host: start/finish grace periods; true on progress */
bool rcu_gp_can_advance();
bool rcu_idle();			/* no callbacks and no grace period pending */
void rcu_kthread_wake(unsigned cpu);
bool rcu_has_work(unsigned cpu);
void rcu_read_unlock_special(task_struct *t);

/* workqueue.cc */
void workqueue_reset();
bool workqueue_idle();
void workqueue_kick_all();
void worker_sleeping(task_struct *t);
void worker_running(task_struct *t);
void kfree_rcu_queue_work(const std::vector<void *> &ptrs);
std::string current_worker_line(task_struct *t);

/* timer.cc */
void timer_reset();
bool timers_pending();
bool tick_wanted(const Cpu &c);

/* locking.cc */
void locking_reset();

/* sched.cc */
void sched_reset();

/* lockdep.cc */
void lockdep_reset();
extern bool debug_locks;
void lockdep_print_held_locks(task_struct *t, std::string &out);
void debug_show_held_locks(task_struct *t, std::string &out);
/*
 * Host-side objects that belong to one simulated boot (queued tasklets and
 * work items of the harness): freed at shutdown whether or not they ran.
 */
void keep_until_shutdown(std::shared_ptr<void> p);
template <class T> T *per_boot()
{
	auto p = std::make_shared<T>();
	keep_until_shutdown(p);
	return p.get();
}

/* Turn lockdep off; true for the caller that did it (only it reports). */
bool debug_locks_off();
std::vector<std::string> lockdep_held_lock_lines(task_struct *t);
bool lockdep_is_held_map(const void *lockdep_map);
void lockdep_softirq_enter();
void lockdep_softirq_exit();
void lockdep_hardirq_enter();
void lockdep_hardirq_exit();
void lockdep_hardirqs_on_mark(task_struct *t);
void lockdep_softirqs_on_mark(task_struct *t);
void bh_lock_acquire();		/* PREEMPT_RT's per-CPU softirq_ctrl.lock */
void bh_lock_release();

/* memory: page_alloc.cc, slab.cc, memblock.cc, dma_pool.cc */
void mem_boot();
void mem_reset();
void slab_reset();
void memblock_reset();
void atomic_pool_boot();
void platform_reset();
void devices_reset();
void fault_reset();
bool should_fail_alloc(gfp_t gfp, size_t size, int order);
bool should_fail_setmem();

/* report.cc, stacktrace.cc */
void capture_stack(RawTrace &t, unsigned skip);
std::vector<Frame> symbolize(const RawTrace &t);
std::string format_frame(const Frame &f);
std::string symbolize_ip(void *ip);	/* %pS: "func+0x1a/0x80 file:line" */
std::string symbol_name(void *ip);	/* %ps: "func" */
std::string fake_address(const void *p);	/* deterministic kernel-looking address */
void stacktrace_reset();

struct ReportBuilder {
	std::string kind;
	std::string header;	/* the first line, e.g. "BUG: sleeping function called ..." */
	std::string title_hint;	/* used only when the trace has no interesting frame */
	std::string body;	/* lines after the header and before the CPU line */
	bool with_cpu_line = true;
	bool with_trace = true;
	bool lockdep_off_after = false;
	std::string cut_here;	/* WARNING-style reports print "cut here" first */
	std::string tail;	/* printed after the trace */
};
bool console_enabled();	/* printk.cc: kept or echoed (set_console, set_console_echo) */
void emit_report(ReportBuilder &rb, unsigned skip_frames);

/* While alive, reports are marked as responses to an injected failure (Report::injected). */
struct InjectedFailure {
	InjectedFailure();
	~InjectedFailure();
};
void emit_report_with_trace(ReportBuilder &rb, const RawTrace &trace, task_struct *who = nullptr);
bool report_abort_enabled();
const char *kernel_release();
std::string kernel_ident();
std::string print_tainted();		/* "6.12.117-kctx #1 Not tainted" */
std::string cpu_line(task_struct *t);

/* printk.cc */
void printk_reset();
std::string kvformat(const char *fmt, va_list ap);	/* printf with the kernel's %p extensions */
void console_write(const std::string &s);

/* small formatting helper */
std::string strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

} /* namespace kshim */

/* Kernel-named entry points that show up in traces. */
void __schedule_bug(struct task_struct *prev);
void invoke_softirq(void);
void do_softirq(void);
void handle_softirqs(bool ksirqd);
void rcu_core(void);
void update_process_times(int user_tick);
