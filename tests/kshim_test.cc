// SPDX-License-Identifier: GPL-2.0
/*
 * kshim's semantics, one rule per test: the effect of each primitive on
 * preempt_count and IRQs (against the kernel's values), each report kind
 * with its legal twin, deferred execution contexts, RCU ordering, and the
 * memory/platform model.
 */
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <random>
#include <vector>
#include <regex>
#include <string>

#include <kshim/kshim.h>

#include <linux/completion.h>
#include <linux/cc_platform.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/genalloc.h>
#include <linux/gfp.h>
#include <linux/vmalloc.h>
#include <linux/interrupt.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/set_memory.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "reports.h"
/* RCU's tick and quiescent-state rules are checked at their own entry points */
#include "../kshim/src/context.h"
#include "../kshim/src/rcu.h"
#include "../kshim/src/sched.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define KCTX_TEST_ASAN 1
#endif
#endif

using namespace kshim;

namespace {

struct Machine {
	QuietChoices quiet;
	explicit Machine(MachineConfig cfg = MachineConfig(), ChoiceSource *c = nullptr)
	{
		boot(cfg, c ? c : &quiet);
		boot_finish();
		system_running();
	}
	~Machine() { shutdown(); }
};

using Fn = std::function<void()>;

static void call_fn(void *arg)
{
	(*(Fn *)arg)();
}

/* Run f in a context and wait for it. */
static void on_task(Fn f, unsigned cpu = 0)
{
	bool done = false;
	Fn g = [&] { f(); done = true; };
	task_struct *t = spawn_task("kctx-test", cpu, call_fn, &g);
	run_until([&] { return done; });
	EXPECT_TRUE(done) << "the task did not finish";
	(void)t;
}

static void on_softirq(Fn f)
{
	bool done = false;
	Fn g = [&] { f(); done = true; };
	queue_softirq(0, call_fn, &g);
	run_until([&] { return done; });
	EXPECT_TRUE(done) << "the softirq did not run";
}

static void on_hardirq(Fn f)
{
	bool done = false;
	Fn g = [&] { f(); done = true; };
	queue_hardirq(0, call_fn, &g);
	run_until([&] { return done; });
	EXPECT_TRUE(done) << "the hardirq did not run";
}

static void on_kworker(Fn f)
{
	bool done = false;
	Fn g = [&] { f(); done = true; };
	queue_kworker(0, call_fn, &g);
	run_until([&] { return done; });
	EXPECT_TRUE(done) << "the work did not run";
}

/* The run's reports as the harness names them (syzkaller's title, one per key). */
static const std::vector<Report> &named()
{
	static std::vector<Report> last;
	last = reports();
	kctx::name_reports(last, {}, "");	/* kshim's own tests: their kctx_test_* drivers name titles */
	return last;
}

static std::string first_title()
{
	return named().empty() ? "none" : named()[0].title;
}

static bool has_report(const std::string &title_prefix)
{
	for (const Report &r : named())
		if (r.title.rfind(title_prefix, 0) == 0)
			return true;
	return false;
}

static const Report *report_of(const std::string &title_prefix)
{
	for (const Report &r : named())
		if (r.title.rfind(title_prefix, 0) == 0)
			return &r;
	return nullptr;
}

static const std::string kSleep = "BUG: sleeping function called from invalid context";

DEFINE_SPINLOCK(lock_a);
DEFINE_SPINLOCK(lock_b);
DEFINE_RAW_SPINLOCK(raw_lock);
DEFINE_MUTEX(mtx);

static void reset_locks()
{
	lock_a = (spinlock_t)__SPIN_LOCK_UNLOCKED(lock_a);
	lock_b = (spinlock_t)__SPIN_LOCK_UNLOCKED(lock_b);
	raw_lock = (raw_spinlock_t)__RAW_SPIN_LOCK_UNLOCKED(raw_lock);
	mtx = (struct mutex)__MUTEX_INITIALIZER(mtx);
}

} /* namespace */

/* ---- primitives against the kernel's preempt_count values -------------------------------------- */

struct PrimCase {
	const char *name;
	Preempt model;
	std::function<void()> enter, leave;
	unsigned delta;		/* added to preempt_count */
	bool irqs_off;
	int rcu_depth;
};

TEST(Primitives, PreemptCountTable)
{
	unsigned long flags = 0;
	std::vector<PrimCase> cases = {
		{ "preempt_disable", Preempt::voluntary, [] { preempt_disable(); }, [] { preempt_enable(); }, 1, false, 0 },
		{ "spin_lock", Preempt::voluntary, [] { spin_lock(&lock_a); }, [] { spin_unlock(&lock_a); }, 1, false, 0 },
		{ "spin_lock_irq", Preempt::voluntary, [] { spin_lock_irq(&lock_a); }, [] { spin_unlock_irq(&lock_a); }, 1, true, 0 },
		{ "spin_lock_irqsave", Preempt::voluntary, [&] { spin_lock_irqsave(&lock_a, flags); },
		  [&] { spin_unlock_irqrestore(&lock_a, flags); }, 1, true, 0 },
		{ "spin_lock_bh", Preempt::voluntary, [] { spin_lock_bh(&lock_a); }, [] { spin_unlock_bh(&lock_a); }, 0x201, false, 0 },
		{ "local_bh_disable", Preempt::voluntary, [] { local_bh_disable(); }, [] { local_bh_enable(); }, 0x200, false, 0 },
		{ "local_irq_save", Preempt::voluntary, [&] { local_irq_save(flags); }, [&] { local_irq_restore(flags); }, 0, true, 0 },
		{ "raw_spin_lock", Preempt::voluntary, [] { raw_spin_lock(&raw_lock); }, [] { raw_spin_unlock(&raw_lock); }, 1, false, 0 },
		{ "raw_spin_lock(rt)", Preempt::rt, [] { raw_spin_lock(&raw_lock); }, [] { raw_spin_unlock(&raw_lock); }, 1, false, 0 },
		/* non-preemptible RCU only in a static build: a dynamic one has PREEMPT_RCU (kernel/Kconfig.preempt) */
		{ "rcu_read_lock(static-voluntary)", Preempt::static_voluntary, [] { rcu_read_lock(); }, [] { rcu_read_unlock(); }, 1, false, 0 },
		{ "rcu_read_lock(voluntary)", Preempt::voluntary, [] { rcu_read_lock(); }, [] { rcu_read_unlock(); }, 0, false, 1 },
		{ "rcu_read_lock(full)", Preempt::full, [] { rcu_read_lock(); }, [] { rcu_read_unlock(); }, 0, false, 1 },
		{ "rcu_read_lock_bh", Preempt::voluntary, [] { rcu_read_lock_bh(); }, [] { rcu_read_unlock_bh(); }, 0x200, false, 0 },
		{ "rcu_read_lock_sched", Preempt::full, [] { rcu_read_lock_sched(); }, [] { rcu_read_unlock_sched(); }, 1, false, 0 },
		/* PREEMPT_RT: spinlock_t sleeps; it enters an RCU reader instead of disabling preemption */
		{ "spin_lock(rt)", Preempt::rt, [] { spin_lock(&lock_a); }, [] { spin_unlock(&lock_a); }, 0, false, 1 },
		{ "spin_lock_irqsave(rt)", Preempt::rt, [&] { spin_lock_irqsave(&lock_a, flags); },
		  [&] { spin_unlock_irqrestore(&lock_a, flags); }, 0, false, 1 },
		/*
		 * RT's local_bh_disable() enters a reader itself and takes the BH
		 * local_lock, an rtmutex spinlock that enters another
		 * (kernel/softirq.c:168-170, kernel/locking/spinlock_rt.c:50 in 6.12.117)
		 */
		{ "local_bh_disable(rt)", Preempt::rt, [] { local_bh_disable(); }, [] { local_bh_enable(); }, 0, false, 2 },
	};
	for (const PrimCase &c : cases) {
		MachineConfig cfg;
		cfg.preempt = c.model;
		Machine m(cfg);
		reset_locks();
		unsigned before = 0, inside = 0;
		bool irqs = false;
		int rcu = 0;
		on_task([&] {
			before = preempt_count();
			c.enter();
			inside = preempt_count();
			irqs = irqs_disabled();
			rcu = rcu_preempt_depth();
			c.leave();
			EXPECT_EQ(preempt_count(), before) << c.name << ": not balanced";
			EXPECT_FALSE(irqs_disabled()) << c.name;
		});
		EXPECT_EQ(inside - before, c.delta) << c.name;
		EXPECT_EQ(irqs, c.irqs_off) << c.name;
		EXPECT_EQ(rcu, c.rcu_depth) << c.name;
		EXPECT_TRUE(reports().empty()) << c.name << ": " << first_title();
	}
}

TEST(Primitives, ContextPredicates)
{
	Machine m;
	on_task([] {
		EXPECT_TRUE(in_task());
		EXPECT_FALSE(in_interrupt());
		EXPECT_TRUE(preemptible());
	});
	on_softirq([] {
		EXPECT_EQ(preempt_count() & SOFTIRQ_MASK, SOFTIRQ_OFFSET);
		EXPECT_TRUE(in_serving_softirq());
		EXPECT_FALSE(in_task());
		EXPECT_TRUE(in_atomic());
	});
	on_hardirq([] {
		EXPECT_EQ(preempt_count() & HARDIRQ_MASK, HARDIRQ_OFFSET);
		EXPECT_TRUE(in_hardirq());
		EXPECT_TRUE(irqs_disabled());
		EXPECT_FALSE(in_task());
	});
	on_kworker([] {
		EXPECT_EQ(preempt_count(), 0u);
		EXPECT_FALSE(irqs_disabled());
		EXPECT_TRUE(in_task());
	});
	EXPECT_TRUE(reports().empty());
}

/* ---- sleep checks --------------------------------------------------------------------------------------- */

noinline void kctx_test_alloc_under_lock(gfp_t gfp)
{
	unsigned long flags;
	spin_lock_irqsave(&lock_a, flags);
	void *p = kmalloc(64, gfp);
	kfree(p);
	spin_unlock_irqrestore(&lock_a, flags);
}

TEST(SleepChecks, GfpKernelUnderSpinLockIrqsave)
{
	Machine m;
	reset_locks();
	on_task([] { kctx_test_alloc_under_lock(GFP_KERNEL); });
	const Report *r = report_of(kSleep);
	ASSERT_NE(r, nullptr);
	EXPECT_NE(r->text.find("in_atomic(): 1, irqs_disabled(): 1"), std::string::npos) << r->text;
	EXPECT_NE(r->text.find("preempt_count: 1, expected: 0"), std::string::npos) << r->text;
	EXPECT_NE(r->text.find("1 lock held by kctx-test/"), std::string::npos) << r->text;
	EXPECT_NE(r->text.find("(lock_a){....}-{2:2}, at: kctx_test_alloc_under_lock+0x"), std::string::npos) << r->text;
	EXPECT_EQ(r->title, kSleep + " in kctx_test_alloc_under_lock");
}

TEST(SleepChecks, GfpAtomicUnderSpinLockIsSilent)
{
	Machine m;
	reset_locks();
	on_task([] { kctx_test_alloc_under_lock(GFP_ATOMIC); });
	EXPECT_TRUE(reports().empty());
}

TEST(SleepChecks, MutexInSoftirqReports)
{
	Machine m;
	reset_locks();
	on_softirq([] {
		mutex_lock(&mtx);
		mutex_unlock(&mtx);
	});
	const Report *r = report_of(kSleep);
	ASSERT_NE(r, nullptr);
	/*
	 * The softirq runs on an idle CPU, and idle tasks run with preemption
	 * disabled: init_idle() -> init_idle_preempt_count() (kernel/sched/core.c:7802,
	 * arch/x86/include/asm/preempt.h:45 in 6.12.117), so SOFTIRQ_OFFSET lands on 1.
	 */
	EXPECT_NE(r->text.find("preempt_count: 101, expected: 0"), std::string::npos) << r->text;
}

TEST(SleepChecks, MutexInTaskIsSilent)
{
	Machine m;
	reset_locks();
	on_task([] {
		mutex_lock(&mtx);
		mutex_unlock(&mtx);
	});
	EXPECT_TRUE(reports().empty());
}

/*
 * PREEMPT_DYNAMIC selects PREEMPT_BUILD, hence PREEMPTION and PREEMPT_RCU
 * (kernel/Kconfig.preempt:96-100, kernel/rcu/Kconfig:19-21 in 6.12.117),
 * whatever the boot mode: rcu_preempt_sleep_check() is empty
 * (include/linux/rcupdate.h:419) and only __might_resched() speaks.
 */
TEST(SleepChecks, RcuReaderPreemptibleRcuReportsNestDepth)
{
	for (Preempt mode : { Preempt::none, Preempt::voluntary, Preempt::full }) {
		MachineConfig cfg;
		cfg.preempt = mode;
		Machine m(cfg);
		on_task([] {
			rcu_read_lock();
			might_sleep();
			rcu_read_unlock();
		});
		EXPECT_FALSE(has_report("WARNING: suspicious RCU usage")) << preempt_name(mode);
		const Report *r = report_of(kSleep);
		ASSERT_NE(r, nullptr) << preempt_name(mode);
		EXPECT_NE(r->text.find("preempt_count: 0, expected: 0\nRCU nest depth: 1, expected: 0"), std::string::npos)
			<< r->text;
	}
}

TEST(SleepChecks, RcuReaderNonPreemptibleRcuIsSuspicious)
{
	MachineConfig cfg;
	cfg.preempt = Preempt::static_voluntary;	/* a build without PREEMPT_DYNAMIC: readers disable preemption */
	Machine m(cfg);
	on_task([] {
		rcu_read_lock();
		might_sleep();
		rcu_read_unlock();
	});
	EXPECT_TRUE(has_report("WARNING: suspicious RCU usage"));
	EXPECT_TRUE(has_report(kSleep));
}

TEST(SleepChecks, SchedulingWhileAtomic)
{
	Machine m;
	on_task([] {
		preempt_disable();
		msleep(1);
		preempt_enable();
	});
	EXPECT_TRUE(has_report(kSleep));
	EXPECT_TRUE(has_report("BUG: scheduling while atomic"));
}

TEST(SleepChecks, NonBlockSection)
{
	Machine m;
	on_task([] {
		non_block_start();
		might_sleep();
		non_block_end();
	});
	const Report *r = report_of(kSleep);
	ASSERT_NE(r, nullptr);
	EXPECT_NE(r->text.find("non_block: 1"), std::string::npos);
}

/* ---- lockdep ----------------------------------------------------------------------------------------------- */

/*
 * A sleep in an RCU reader without PREEMPT_RCU: the check is in the inline
 * rcu_preempt_sleep_check(), so the report names its line in
 * include/linux/rcupdate.h (6.12), as real reports do, not the file that
 * models it nor __might_resched()'s.
 */
TEST(Lockdep, SleepInRcuReaderNamesTheHeaderLine)
{
	MachineConfig cfg;
	cfg.preempt = Preempt::static_voluntary;
	Machine m(cfg);
	on_task([] {
		rcu_read_lock();
		might_sleep();
		rcu_read_unlock();
	});
	const Report *r = report_of("WARNING: suspicious RCU usage");
	ASSERT_NE(r, nullptr);
	EXPECT_NE(r->text.find("\ninclude/linux/rcupdate.h:415 Illegal context switch in RCU read-side critical section!"),
		  std::string::npos)
		<< r->text;
}

TEST(Lockdep, InvalidWaitContextUnderRt)
{
	MachineConfig cfg;
	cfg.preempt = Preempt::rt;
	Machine m(cfg);
	reset_locks();
	on_task([] {
		raw_spin_lock(&raw_lock);
		spin_lock(&lock_a);	/* a sleeping lock inside a raw spinlock */
		spin_unlock(&lock_a);
		raw_spin_unlock(&raw_lock);
	});
	const Report *r = report_of("WARNING: locking bug");
	ASSERT_NE(r, nullptr) << first_title();
	EXPECT_NE(r->text.find("[ BUG: Invalid wait context ]"), std::string::npos);
	EXPECT_NE(r->text.find("{3:3}"), std::string::npos) << r->text;
}

/*
 * An idle CPU's softirq can pause at a shim point while another CPU runs;
 * the host loop must come back and finish it, even with nothing else to do
 * on that CPU (found by fuzzing: the run ended with swapper/1 at 0x100).
 */
TEST(Deferred, IdleCpuPausedInSoftirqIsResumed)
{
	unsigned paused_somewhere = 0;
	for (uint64_t seed = 0; seed < 300; seed++) {
		SeededChoices c(seed);
		MachineConfig cfg;
		cfg.ncpus = 2;
		cfg.max_preemptions = 8;
		Machine m(cfg, &c);
		reset_locks();
		static bool done;
		done = false;
		static Fn busy, soft;
		busy = [] {
			for (int i = 0; i < 8; i++) {
				spin_lock(&lock_a);
				spin_unlock(&lock_a);
			}
		};
		soft = [] {
			for (int i = 0; i < 8; i++) {
				spin_lock(&lock_b);
				spin_unlock(&lock_b);
			}
			done = true;
		};
		trace_enable(true);
		spawn_task("busy", 0, call_fn, &busy);
		queue_softirq(1, call_fn, &soft);
		drain();
		for (const std::string &l : trace_lines())
			paused_somewhere += l.find("swapper/1/0: other CPU runs") != std::string::npos;
		trace_enable(false);
		ASSERT_TRUE(done) << "seed " << seed << ": the softirq on the idle CPU never finished";
		ASSERT_TRUE(reports().empty()) << "seed " << seed << ": " << first_title();
	}
	EXPECT_GT(paused_somewhere, 0u) << "no seed paused the idle CPU's softirq: the test tests nothing";
}

/* PREEMPT_RT: local_bh_enable() runs pending softirqs with interrupts saved around them (found by fuzzing). */
TEST(Context, RtBhEnableRunsSoftirqsAndRestoresIrqs)
{
	MachineConfig cfg;
	cfg.preempt = Preempt::rt;
	Machine m(cfg);
	static bool irqs_off_after, served;
	served = false;
	on_task([] {
		local_bh_disable();
		raise_softirq(TASKLET_SOFTIRQ);
		local_bh_enable();
		irqs_off_after = irqs_disabled();
		served = !local_softirq_pending();
		might_sleep();
	});
	EXPECT_FALSE(irqs_off_after);
	EXPECT_TRUE(served);
	EXPECT_TRUE(reports().empty()) << first_title();
}

TEST(Lockdep, RawInsideSpinIsFineWithoutRt)
{
	Machine m;
	reset_locks();
	on_task([] {
		spin_lock(&lock_a);
		raw_spin_lock(&raw_lock);
		raw_spin_unlock(&raw_lock);
		spin_unlock(&lock_a);
	});
	EXPECT_TRUE(reports().empty());
}

TEST(Lockdep, AbBaIsCircular)
{
	Machine m;
	reset_locks();
	on_task([] {
		spin_lock(&lock_a);
		spin_lock(&lock_b);
		spin_unlock(&lock_b);
		spin_unlock(&lock_a);
	});
	EXPECT_TRUE(reports().empty());
	on_task([] {
		spin_lock(&lock_b);
		spin_lock(&lock_a);
		spin_unlock(&lock_a);
		spin_unlock(&lock_b);
	});
	const Report *r = report_of("possible deadlock in");
	ASSERT_NE(r, nullptr);
	EXPECT_NE(r->text.find("WARNING: possible circular locking dependency detected"), std::string::npos);
	EXPECT_NE(r->text.find("*** DEADLOCK ***"), std::string::npos);
}

TEST(Lockdep, SameOrderIsFine)
{
	Machine m;
	reset_locks();
	for (int i = 0; i < 2; i++)
		on_task([] {
			spin_lock(&lock_a);
			spin_lock(&lock_b);
			spin_unlock(&lock_b);
			spin_unlock(&lock_a);
		});
	EXPECT_TRUE(reports().empty());
}

/* Named like kernel functions so that the "at:" symbol gives a syzkaller title. */
extern "C" noinline void kctx_test_irq_handler(void)
{
	spin_lock(&lock_a);
	spin_unlock(&lock_a);
}

extern "C" noinline void kctx_test_task_path(void)
{
	spin_lock(&lock_a);
	spin_unlock(&lock_a);
}

TEST(Lockdep, HardirqAndIrqsOnIsInconsistent)
{
	Machine m;
	reset_locks();
	on_hardirq([] { kctx_test_irq_handler(); });
	on_task([] { kctx_test_task_path(); });
	const Report *r = report_of("inconsistent lock state in ");
	ASSERT_NE(r, nullptr);
	EXPECT_NE(r->text.find("inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage."), std::string::npos) << r->text;
	EXPECT_EQ(r->title, "inconsistent lock state in kctx_test_task_path") << r->text;
}

extern "C" noinline void kctx_test_unlock_bh_out_of_order(void)
{
	spin_lock_bh(&lock_b);
	spin_lock(&lock_a);
	spin_unlock_bh(&lock_b);	/* softirqs come back on with lock_a held */
	spin_unlock(&lock_a);
}

/*
 * __local_bh_enable_ip() turns lockdep's softirqs on when softirq_count()
 * is SOFTIRQ_DISABLE_OFFSET, whatever count it was passed
 * (kernel/softirq.c:394 in 6.12.117): spin_unlock_bh() passes
 * SOFTIRQ_LOCK_OFFSET, and its softirqs-on marks lock_a SOFTIRQ-ON.
 */
TEST(Lockdep, SpinUnlockBhTurnsSoftirqsOn)
{
	Machine m;
	reset_locks();
	on_task([] { kctx_test_unlock_bh_out_of_order(); });
	on_softirq([] { kctx_test_irq_handler(); });
	const Report *r = report_of("inconsistent lock state in ");
	ASSERT_NE(r, nullptr) << first_title();
	EXPECT_NE(r->text.find("inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage."), std::string::npos) << r->text;
}

TEST(Lockdep, HardirqAndIrqsOffIsConsistent)
{
	Machine m;
	reset_locks();
	on_hardirq([] {
		spin_lock(&lock_a);
		spin_unlock(&lock_a);
	});
	on_task([] {
		unsigned long flags;
		spin_lock_irqsave(&lock_a, flags);
		spin_unlock_irqrestore(&lock_a, flags);
	});
	EXPECT_TRUE(reports().empty());
}

TEST(Lockdep, BadUnlockBalance)
{
	Machine m;
	reset_locks();
	on_task([] {
		mutex_lock(&mtx);
		mutex_unlock(&mtx);
		mutex_unlock(&mtx);
	});
	EXPECT_TRUE(has_report("WARNING: bad unlock balance") || has_report("BUG: bad unlock balance"))
		<< first_title();
}

noinline void kctx_test_assert_held(spinlock_t *l)
{
	lockdep_assert_held(l);
}

TEST(Lockdep, AssertHeldReallyChecks)
{
	Machine m;
	reset_locks();
	on_task([] {
		spin_lock(&lock_a);
		kctx_test_assert_held(&lock_a);
		spin_unlock(&lock_a);
	});
	EXPECT_TRUE(reports().empty());
	on_task([] { kctx_test_assert_held(&lock_a); });
	EXPECT_TRUE(has_report("WARNING in kctx_test_assert_held")) << first_title();
}

struct Item {
	int v;
	struct list_head node;
};

TEST(Lockdep, RcuListWalkOutsideReader)
{
	Machine m;
	static LIST_HEAD(items);
	static Item it;
	INIT_LIST_HEAD(&items);
	list_add_rcu(&it.node, &items);
	on_task([] {
		rcu_read_lock();
		Item *pos;
		list_for_each_entry_rcu(pos, &items, node)
			(void)pos->v;
		rcu_read_unlock();
	});
	EXPECT_TRUE(reports().empty());
	on_task([] {
		Item *pos;
		list_for_each_entry_rcu(pos, &items, node)
			(void)pos->v;
	});
	const Report *r = report_of("WARNING: suspicious RCU usage");
	ASSERT_NE(r, nullptr);
	EXPECT_NE(r->text.find("RCU-list traversed in non-reader section!!"), std::string::npos) << r->text;
}

static struct work_struct leaky_work;
noinline void kctx_test_leaky_work(struct work_struct *)
{
	spin_lock(&lock_a);
}

TEST(Lockdep, WorkqueueLeak)
{
	Machine m;
	reset_locks();
	INIT_WORK(&leaky_work, kctx_test_leaky_work);
	on_task([] { schedule_work(&leaky_work); });
	run_workqueues();
	const Report *r = report_of("BUG: workqueue leaked atomic, lock or RCU");
	ASSERT_NE(r, nullptr) << first_title();
	EXPECT_NE(r->text.find("preempt=0x00000001 lock=0->1 RCU=0->0 workfn=kctx_test_leaky_work\n"), std::string::npos)
		<< r->text;
}

/* ---- report shape --------------------------------------------------------------------------------------------- */

TEST(Reports, ShapeIsSyzkallerParseable)
{
	Machine m;
	reset_locks();
	on_task([] { kctx_test_alloc_under_lock(GFP_KERNEL); });
	ASSERT_FALSE(reports().empty());
	const std::string &text = reports()[0].text;
	size_t ct = text.find("Call Trace:\n");
	ASSERT_NE(ct, std::string::npos);
	std::regex frame(R"(^ *(\[<?(0x)?[0-9a-f]+>?\] ){0,2}([A-Za-z0-9_]+)(\.|\+))");
	std::regex marker(R"(^ </?(IRQ|TASK)>$)");
	size_t lines = 0, frames = 0;
	size_t pos = ct + 12;
	while (pos < text.size()) {
		size_t nl = text.find('\n', pos);
		std::string line = text.substr(pos, nl - pos);
		pos = nl + 1;
		lines++;
		if (std::regex_search(line, marker))
			continue;
		EXPECT_TRUE(std::regex_search(line, frame) || line.find("[inline]") != std::string::npos) << line;
		frames++;
	}
	EXPECT_GE(lines, 4u);
	EXPECT_GE(frames, 4u);
}

/* handle_softirqs()'s own line (kernel/softirq.c): vector number, name, the handler as %p prints it. */
TEST(Reports, SoftirqPreemptCountLeak)
{
	Machine m;
	on_softirq([] { preempt_disable(); });
	const Report *r = report_of("BUG: softirq leaked preempt count in tasklet_action");
	ASSERT_NE(r, nullptr) << first_title();
	std::regex line(R"(^huh, entered softirq 6 TASKLET [0-9a-f]{16} with preempt_count 00000101, exited with 00000102\?\n$)");
	EXPECT_TRUE(std::regex_search(r->text, line)) << r->text;	/* the line alone: the kernel prints no stack */
}

TEST(Reports, OneReportPerKey)
{
	Machine m;
	reset_locks();
	for (int i = 0; i < 3; i++)
		on_task([] { kctx_test_alloc_under_lock(GFP_KERNEL); });
	EXPECT_EQ(reports().size(), 3u);	/* three tasks: three pids, three signatures */
	EXPECT_EQ(named().size(), 1u);		/* one key */
}

/* The run's WARNING headers, which name the file:line of the check: the kernel's (6.12.117), not kshim's. */
static std::string warning_headers()
{
	std::string out;
	for (const Report &r : reports())
		for (size_t at = r.text.find("WARNING: CPU: "); at != std::string::npos;
		     at = r.text.find("WARNING: CPU: ", at + 1))
			out += r.text.substr(at, r.text.find('\n', at) - at) + "\n";
	return out;
}

TEST(Reports, WarningsNameTheKernelLine)
{
	/* __local_bh_enable_ip()'s lockdep_assert_irqs_enabled(), at its line in each preemption model */
	for (bool rt : { false, true }) {
		MachineConfig cfg;
		if (rt)
			cfg.preempt = Preempt::rt;
		Machine m(cfg);
		on_task([] {
			local_bh_disable();
			local_irq_disable();
			local_bh_enable();
			local_irq_enable();
		});
		std::string h = warning_headers();
		EXPECT_NE(h.find(rt ? " at kernel/softirq.c:226 __local_bh_enable_ip+0x" :
				      " at kernel/softirq.c:387 __local_bh_enable_ip+0x"), std::string::npos)
			<< (rt ? "PREEMPT_RT: " : "") << h;
	}
	{
		Machine m;
		static struct timer_list t;
		timer_setup(&t, [](struct timer_list *) {}, 0);
		on_hardirq([] { del_timer_sync(&t); });	/* not TIMER_IRQSAFE */
		std::string h = warning_headers();
		EXPECT_NE(h.find(" at kernel/time/timer.c:1658 del_timer_sync+0x"), std::string::npos) << h;
	}
	{
		Machine m;
		static struct work_struct w;	/* never initialised: no func */
		w = {};
		on_task([] { flush_work(&w); });
		std::string h = warning_headers();
		EXPECT_NE(h.find(" at kernel/workqueue.c:4241 "), std::string::npos) << h;
	}
	{
		Machine m;
		on_task([] { preempt_enable(); });	/* DEBUG_PREEMPT's underflow check */
		std::string h = warning_headers();
		EXPECT_NE(h.find(" at kernel/sched/core.c:5858 preempt_count_sub+0x"), std::string::npos) << h;
	}
}

/* Without a console a repeat is dropped before its text is built; the first report stays whole. */
TEST(Reports, RepeatsReachOnlyTheConsole)
{
	auto count = [](const std::string &s) {
		size_t n = 0;
		for (size_t at = s.find(kSleep); at != std::string::npos; at = s.find(kSleep, at + 1))
			n++;
		return n;
	};
	std::string first_text[2];
	for (bool on : { true, false }) {
		Machine m;
		set_console(on);
		reset_locks();
		size_t before = console().size();
		for (int i = 0; i < 3; i++)
			on_task([] { kctx_test_alloc_under_lock(GFP_KERNEL); });
		ASSERT_EQ(named().size(), 1u);
		first_text[on] = named()[0].text;
		EXPECT_EQ(count(console().substr(std::min(before, console().size()))), on ? 3u : 0u);
		set_console(true);
	}
	EXPECT_EQ(first_text[0], first_text[1]);
	EXPECT_EQ(count(first_text[0]), 1u);
}

/* ---- deferred execution -------------------------------------------------------------------------------------------- */

static struct rcu_head rcu_head_a;
static bool cb_ran;
static unsigned cb_count;
noinline void kctx_test_rcu_cb(struct rcu_head *)
{
	cb_ran = true;
	cb_count = preempt_count();
	might_sleep();
}

static unsigned rcu_mode_count(RcuMode mode)
{
	MachineConfig cfg;
	cfg.rcu = mode;
	Machine m(cfg);
	cb_ran = false;
	on_task([] { call_rcu(&rcu_head_a, kctx_test_rcu_cb); });
	EXPECT_FALSE(cb_ran) << "a callback ran before its grace period";
	force_grace_period();
	run_rcu_callbacks();
	drain();
	EXPECT_TRUE(cb_ran);
	EXPECT_TRUE(has_report(kSleep)) << rcu_mode_name(mode);
	return cb_count;
}

TEST(Deferred, RcuCallbackContextPerMode)
{
	/*
	 * The kernel's values: RCU_SOFTIRQ serves a softirq (0x100), here on an
	 * idle CPU, whose idle task holds preemption off (+1); rcuc and rcuo
	 * are kthreads that disable BHs (0x200).
	 */
	EXPECT_EQ(rcu_mode_count(RcuMode::softirq), 0x101u);
	EXPECT_EQ(rcu_mode_count(RcuMode::rcuc), 0x200u);
	EXPECT_EQ(rcu_mode_count(RcuMode::nocb), 0x200u);
}

static struct rcu_work rwork_a;
static unsigned work_count;
static int work_runs;
noinline void kctx_test_rwork(struct work_struct *)
{
	work_count = preempt_count();
	work_runs++;
	might_sleep();
}

TEST(Deferred, RcuWorkRunsInProcessContextAfterGracePeriod)
{
	for (RcuMode mode : { RcuMode::softirq, RcuMode::rcuc, RcuMode::nocb }) {
		MachineConfig cfg;
		cfg.rcu = mode;
		Machine m(cfg);
		work_runs = 0;
		on_task([] {
			INIT_RCU_WORK(&rwork_a, kctx_test_rwork);
			queue_rcu_work(system_wq, &rwork_a);
			queue_rcu_work(system_wq, &rwork_a);	/* pending: no second queueing */
		});
		run_workqueues();
		EXPECT_EQ(work_runs, 0) << "the work ran before its grace period";
		drain();
		EXPECT_EQ(work_runs, 1);
		EXPECT_EQ(work_count, 0u);
		EXPECT_TRUE(reports().empty()) << first_title();
	}
}

TEST(Deferred, ReaderHoldsGracePeriod)
{
	MachineConfig cfg;
	cfg.preempt = Preempt::full;
	cfg.ncpus = 2;
	Machine m(cfg);
	bool in_reader = false, release = false;
	cb_ran = false;
	Fn reader = [&] {
		rcu_read_lock();
		in_reader = true;
		task_park_until([&] { return release; });
		rcu_read_unlock();
	};
	spawn_task("reader", 1, call_fn, &reader);
	run_until([&] { return in_reader; });
	Fn caller = [&] { call_rcu(&rcu_head_a, [](struct rcu_head *) { cb_ran = true; }); };
	on_task(caller);
	for (int i = 0; i < 5; i++) {
		run_until([] { return false; });
		run_rcu_callbacks();
	}
	EXPECT_FALSE(cb_ran) << "the grace period ended while a reader that began before call_rcu was inside";
	release = true;
	drain();
	EXPECT_TRUE(cb_ran);
}

static struct work_struct twice_work;
static int twice_runs;
TEST(Deferred, WorkRunsOncePerQueueing)
{
	Machine m;
	twice_runs = 0;
	INIT_WORK(&twice_work, [](struct work_struct *) { twice_runs++; });
	on_task([] {
		EXPECT_TRUE(schedule_work(&twice_work));
		EXPECT_FALSE(schedule_work(&twice_work));
	});
	run_workqueues();
	EXPECT_EQ(twice_runs, 1);
	on_task([] { EXPECT_TRUE(schedule_work(&twice_work)); });
	run_workqueues();
	EXPECT_EQ(twice_runs, 2);
}

TEST(Deferred, FlushWorkWaits)
{
	Machine m;
	twice_runs = 0;
	INIT_WORK(&twice_work, [](struct work_struct *) { msleep(1); twice_runs++; });
	on_task([] {
		schedule_work(&twice_work);
		flush_work(&twice_work);
		EXPECT_EQ(twice_runs, 1);
	});
	EXPECT_TRUE(reports().empty());
}

/* ---- determinism and robustness ------------------------------------------------------------------------------------- */

static std::vector<std::string> seeded_trace(uint64_t seed)
{
	SeededChoices c(seed);
	MachineConfig cfg;
	cfg.ncpus = 3;
	cfg.preempt = Preempt::full;
	cfg.max_preemptions = 3;
	trace_enable(true);
	std::vector<std::string> out;
	{
		Machine m(cfg, &c);
		reset_locks();
		static Fn work[3];
		static struct rcu_head heads[3];
		for (int i = 0; i < 3; i++) {
			work[i] = [i] {
				for (int k = 0; k < 4; k++) {
					spin_lock(&lock_a);
					spin_unlock(&lock_a);
					call_rcu(&heads[i], [](struct rcu_head *) {});
					rcu_barrier();
				}
			};
			spawn_task("worker", i, call_fn, &work[i]);
		}
		drain();
		out = trace_lines();
	}
	trace_enable(false);
	return out;
}

TEST(Determinism, SameSeedSameTrace)
{
	auto a = seeded_trace(42), b = seeded_trace(42), c = seeded_trace(42);
	EXPECT_FALSE(a.empty());
	EXPECT_EQ(a, b);
	EXPECT_EQ(a, c);
	EXPECT_NE(a, seeded_trace(43));
}

TEST(Robustness, ManyRandomSchedules)
{
	for (uint64_t seed = 0; seed < 10000; seed++) {
		SeededChoices c(seed);
		MachineConfig cfg;
		cfg.ncpus = 1 + seed % 4;
		cfg.preempt = (Preempt)(seed % 4);
		cfg.rcu = (RcuMode)(seed / 4 % 3);
		cfg.max_preemptions = seed % 5;
		Machine m(cfg, &c);
		reset_locks();
		static Fn f;
		f = [] {
			unsigned long flags;
			spin_lock_irqsave(&lock_a, flags);
			spin_unlock_irqrestore(&lock_a, flags);
			mutex_lock(&mtx);
			mutex_unlock(&mtx);
			rcu_read_lock();
			rcu_read_unlock();
		};
		spawn_task("a", 0, call_fn, &f);
		spawn_task("b", 1, call_fn, &f);
		drain();
		ASSERT_TRUE(reports().empty()) << "seed " << seed << ": " << first_title();
	}
}

/* ---- memory and platform -------------------------------------------------------------------------------------------------- */

TEST(Printk, FormatsLikeTheKernel)
{
	Machine m;
	size_t before = console().size();
	unsigned long long pa = 0x1234000;
	printk(KERN_INFO "a%%b %d|%-5s|%5s|%*d|%#lx|%zu|%c|%02x|%s|%pa|%llu tail\n", -7, "ab", "cd", 4, 42, 0xbeefUL,
	       (size_t)9, 'q', 5, (const char *)nullptr, &pa, 18446744073709551615ULL);
	std::string line = console().substr(before);
	EXPECT_NE(line.find("a%b -7|ab   |   cd|  42|0xbeef|9|q|05|(null)|0x0000000001234000|18446744073709551615 tail\n"),
		  std::string::npos)
		<< line;
	std::string big(600, 'x');	/* longer than the formatter's buffer */
	printk("%s|\n", big.c_str());
	EXPECT_NE(console().find(big + "|\n"), std::string::npos);
	printk("<%*d>\n", 300, 5);	/* a conversion wider than the buffer */
	EXPECT_NE(console().find("<" + std::string(299, ' ') + "5>\n"), std::string::npos);
}

TEST(Memory, TranslationsRoundTrip)
{
	Machine m;
	on_task([] {
		struct page *p = alloc_pages(GFP_KERNEL, 2);
		ASSERT_NE(p, nullptr);
		void *va = page_address(p);
		phys_addr_t pa = virt_to_phys(va);
		EXPECT_EQ(pa, page_to_phys(p));
		EXPECT_EQ(phys_to_virt(pa), va);
		EXPECT_EQ(virt_to_page(va), p);
		EXPECT_EQ(pfn_to_page(page_to_pfn(p)), p);
		EXPECT_EQ(__pa(va), pa);
		EXPECT_EQ(__va(pa), va);
		EXPECT_NE((uintptr_t)va, (uintptr_t)pa);
		__free_pages(p, 2);
	});
	EXPECT_TRUE(reports().empty()) << reports()[0].text;
}

TEST(Memory, ZonesByPhysicalAddress)
{
	Machine m;
	on_task([] {
		struct page *dma = alloc_pages(GFP_KERNEL | GFP_DMA, 0);
		struct page *d32 = alloc_pages(GFP_KERNEL | GFP_DMA32, 0);
		struct page *norm = alloc_pages(GFP_KERNEL, 0);
		ASSERT_TRUE(dma && d32 && norm);
		EXPECT_LT(page_to_phys(dma), 16ULL << 20);
		EXPECT_LT(page_to_phys(d32), 4ULL << 30);
		EXPECT_GE(page_to_phys(d32), 16ULL << 20);
		EXPECT_GE(page_to_phys(norm), 4ULL << 30);
		__free_pages(dma, 0);
		__free_pages(d32, 0);
		__free_pages(norm, 0);
	});
	EXPECT_TRUE(reports().empty()) << reports()[0].text;
}

TEST(Memory, BuddyBlocksAreAlignedAndDisjoint)
{
	/* ZONE_DMA starts at 1 MiB, so its largest blocks are not aligned to the zone's first pfn */
	Machine m;
	on_task([] {
		std::mt19937 rng(7);
		std::map<unsigned long, unsigned> live;	/* pfn -> order */
		const gfp_t zones[3] = { GFP_DMA, GFP_DMA32, 0 };
		unsigned big = 0;
		for (int i = 0; i < 3000; i++) {
			if (!live.empty() && rng() % 3 == 0) {
				auto it = std::next(live.begin(), rng() % live.size());
				__free_pages(pfn_to_page(it->first), it->second);
				live.erase(it);
				continue;
			}
			unsigned order = rng() % (MAX_PAGE_ORDER + 1);
			struct page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN | zones[rng() % 3], order);
			if (!p)
				continue;
			unsigned long pfn = page_to_pfn(p);
			ASSERT_EQ(pfn & ((1UL << order) - 1), 0u) << "order " << order;
			auto next = live.lower_bound(pfn);
			if (next != live.end())
				ASSERT_GE(next->first, pfn + (1UL << order));
			if (next != live.begin())
				ASSERT_LE(std::prev(next)->first + (1UL << std::prev(next)->second), pfn);
			live[pfn] = order;
			big += order >= 9;
		}
		EXPECT_GT(big, 10u);
		for (auto &kv : live)
			__free_pages(pfn_to_page(kv.first), kv.second);
	});
	EXPECT_TRUE(reports().empty()) << reports()[0].text;
}

TEST(Memory, AllocatorAccountingAndFailure)
{
	Machine m;
	on_task([] {
		size_t before = slab_objects_in_use();
		void *a = kmalloc(100, GFP_KERNEL);
		ASSERT_TRUE(a);
		EXPECT_EQ(slab_objects_in_use(), before + 1);
		kfree(a);
		EXPECT_EQ(slab_objects_in_use(), before);
		fail_next_allocs(1);
		EXPECT_FALSE(kmalloc(100, GFP_KERNEL));
		void *b = kmalloc(100, GFP_KERNEL);
		EXPECT_TRUE(b);
		kfree(b);
		fail_next_allocs(1);
		EXPECT_EQ(alloc_pages(GFP_KERNEL, 0), nullptr);
		EXPECT_EQ(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1), nullptr);
	});
	EXPECT_TRUE(reports().empty()) << reports()[0].text;
}

TEST(Memory, FaultInjectionIsDeterministic)
{
	auto run = [](uint64_t seed) {
		SeededChoices c(seed);
		MachineConfig cfg;
		cfg.fail_alloc_prob = 50;
		Machine m(cfg, &c);
		std::string pattern;
		on_task([&] {
			for (int i = 0; i < 32; i++) {
				void *p = kmalloc(16, GFP_ATOMIC);
				pattern += p ? '1' : '0';
				kfree(p);
			}
		});
		return pattern;
	};
	EXPECT_EQ(run(7), run(7));
	EXPECT_NE(run(7).find('0'), std::string::npos);
	EXPECT_NE(run(7).find('1'), std::string::npos);
}

/* Every page's owner, order, encryption state and (under ASan) poisoning. */
static std::vector<std::string> page_states(const MachineConfig &cfg)
{
	std::vector<std::string> out;
	const uint64_t bank[3][2] = { { cfg.dma_base, cfg.dma_size }, { cfg.dma32_base, cfg.dma32_size },
				      { cfg.normal_base, cfg.normal_size } };
	for (auto &b : bank) {
		for (uint64_t pfn = b[0] >> PAGE_SHIFT; pfn < (b[0] + b[1]) >> PAGE_SHIFT; pfn++) {
			PageInfo pi = page_info(pfn);
			std::string st = std::to_string(pfn) + ":" + std::to_string((int)pi.owner) + "/" +
					 std::to_string(pi.order) + "/" + std::to_string(pi.decrypted);
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
			st += __asan_address_is_poisoned(pfn_to_kaddr(pfn)) ? "/p" : "/u";
#endif
#endif
			out.push_back(st);
		}
	}
	return out;
}

/*
 * mem_reset() rebuilds only the struct pages a run changed.  After a run that
 * allocates, splits, decrypts and leaks, the next boot must look exactly like
 * a boot on freshly mapped memory (a layout change forces the remap).
 */
TEST(Memory, ResetAfterARunEqualsAFreshBoot)
{
	MachineConfig cfg;
	cfg.platform = Platform::x86_sev;
	{
		Machine m(cfg);
		on_task([&] {
			/* past what a boot allocates, so that the next boot cannot rewrite them by chance */
			struct page *big[3];
			for (struct page *&p : big)
				ASSERT_TRUE(p = alloc_pages(GFP_KERNEL, 8));
			struct page *a = alloc_pages(GFP_KERNEL, 3);
			struct page *b = alloc_pages(GFP_KERNEL | GFP_DMA, 9);
			struct page *c = alloc_pages(GFP_KERNEL | GFP_DMA32, 9);
			ASSERT_TRUE(a && b && c);
			set_memory_decrypted((unsigned long)page_address(c), 4);
			void *k = kmalloc(3000, GFP_KERNEL);
			ASSERT_TRUE(k);
			__free_pages(a, 3);	/* merges back with its buddies */
			__free_pages(big[1], 8);
			/* a kernel bug's way to change a page that this run never owned */
			set_memory_decrypted((unsigned long)__va(cfg.normal_base + cfg.normal_size / 2), 1);
			(void)b;		/* the rest leaks, and c leaks decrypted */
		});
	}
	std::vector<std::string> after_run;
	{
		Machine m(cfg);
		after_run = page_states(cfg);
	}
	MachineConfig other = cfg;
	other.normal_base = cfg.normal_base + (1ULL << 30);
	{
		Machine m(other);	/* a different layout: the banks are mapped again */
	}
	Machine fresh(cfg);
	std::vector<std::string> expect = page_states(cfg);
	ASSERT_EQ(after_run.size(), expect.size());
	for (size_t i = 0; i < expect.size(); i++)
		ASSERT_EQ(after_run[i], expect[i]);
}

TEST(Memory, FreeingDecryptedPageReports)
{
	MachineConfig cfg;
	cfg.platform = Platform::x86_sev;
	Machine m(cfg);
	on_task([] {
		unsigned long va = __get_free_pages(GFP_KERNEL, 0);
		set_memory_decrypted(va, 1);
		free_pages(va, 0);
	});
	const Report *r = report_of("BUG: kctx: bad page free");
	ASSERT_NE(r, nullptr);
	EXPECT_NE(r->text.find("freed while still decrypted"), std::string::npos);
}

TEST(Memory, FreeingReEncryptedPageIsFine)
{
	MachineConfig cfg;
	cfg.platform = Platform::x86_sev;
	Machine m(cfg);
	on_task([] {
		unsigned long va = __get_free_pages(GFP_KERNEL, 0);
		set_memory_decrypted(va, 1);
		set_memory_encrypted(va, 1);
		free_pages(va, 0);
	});
	EXPECT_TRUE(reports().empty());
}

/* ---- KASAN ---------------------------------------------------------------------------------------------- */

/* What a KASAN report must not show: host addresses, ASan's pids and words, paths of the build. */
static std::string host_detail(const std::string &text)
{
	std::smatch m;
	for (const char *re : { R"(\b(0x)?[0-9a-f]{12}\b)", R"(==[0-9]+==)", R"((^|\s)/\w)", "AddressSanitizer" })
		if (std::regex_search(text, m, std::regex(re)))
			return m.str();
	return "";
}

/* Made to stand for kernel code: the tests below name this file a kernel source. */
noinline int memtest_read(const volatile int *p, int i)
{
	return p[i];
}

noinline void memtest_free_twice(void *p)
{
	kfree(p);
	kfree(p);
}

/* KASAN's own check in kfree(): it names kfree()'s caller, and what it knows of the object. */
TEST(Kasan, DoubleFreeNamesTheCaller)
{
	Machine m;
	on_task([] { memtest_free_twice(kmalloc(24, GFP_KERNEL)); });
	const Report *r = report_of("KASAN: invalid-free in memtest_free_twice");
	ASSERT_NE(r, nullptr) << first_title();
	for (const char *line : { "==================================================================\n"
				  "BUG: KASAN: double-free in memtest_free_twice+0x",
				  "\nFree of addr ffff888", "\n\nAllocated by task ", "\n\nFreed by task ", "\n kfree+0x",
				  "\nThe buggy address belongs to the object at ffff888",
				  "\n which belongs to the cache kmalloc-32 of size 32\n",
				  "\nThe buggy address is located 0 bytes inside of\n freed 32-byte region [ffff888",
				  "\nThe buggy address belongs to the physical page:\n" })
		EXPECT_NE(r->text.find(line), std::string::npos) << line << "\n" << r->text;
	EXPECT_EQ(host_detail(r->text), "") << r->text;
}

#ifdef KCTX_TEST_ASAN

/*
 * A bad access in kernel code ends the process: the handler checks the
 * report in the child a death test runs, and says how it went with the
 * exit status (42: as expected), the report on stderr.
 */
static std::string kasan_title;
static std::vector<std::string> kasan_lines;

static void kasan_check_and_exit()
{
	std::vector<Report> reps = reports();
	kctx::name_reports(reps, { "tests/kshim_test.cc" }, "");
	const Report &r = reps.back();
	std::string problems;
	if (r.title != kasan_title)
		problems += "\ntitle: " + r.title;
	for (const std::string &l : kasan_lines)
		if (r.text.find(l) == std::string::npos)
			problems += "\nmissing: " + l;
	if (!host_detail(r.text).empty())
		problems += "\nhost detail: " + host_detail(r.text);
	fprintf(stderr, "%s%s\n", r.text.c_str(), problems.c_str());
	fflush(stderr);
	_exit(problems.empty() ? 42 : 43);
}

static void kasan_run(bool kernel, const std::function<void()> &f)
{
	Machine m;
	if (kernel)
		set_kernel_sources({ "tests/kshim_test.cc" });
	set_kasan_handler(kasan_check_and_exit);
	on_task(f);
}

TEST(KasanDeathTest, SlabUseAfterFree)
{
	kasan_title = "KASAN: slab-use-after-free Read in memtest_read";
	kasan_lines = { "BUG: KASAN: slab-use-after-free in memtest_read+0x",
			"\nRead of size 4 at addr ffff888", " by task kctx-test/",
			"\nCall Trace:\n <TASK>\n dump_stack_lvl+0x", "\n kasan_report+0x", "\n memtest_read+0x",
			"\n\nAllocated by task ", "\n kmalloc+0x", "\n\nFreed by task ", "\n kfree+0x",
			"\n which belongs to the cache kmalloc-16 of size 16\n",
			"\nThe buggy address is located 4 bytes inside of\n freed 16-byte region [ffff888",
			"\npage_type: f5(slab)\n" };
	EXPECT_EXIT(kasan_run(true, [] {
			    int *p = (int *)(void *)kmalloc(16, GFP_KERNEL);
			    kfree(p);
			    memtest_read(p, 1);
		    }),
		    ::testing::ExitedWithCode(42), "");
}

TEST(KasanDeathTest, SlabOutOfBounds)
{
	kasan_title = "KASAN: slab-out-of-bounds Read in memtest_read";
	kasan_lines = { "BUG: KASAN: slab-out-of-bounds in memtest_read+0x", "\n\nAllocated by task ",
			"\n which belongs to the cache kmalloc-32 of size 32\n",
			"\nThe buggy address is located 0 bytes to the right of\n allocated 20-byte region [ffff888" };
	EXPECT_EXIT(kasan_run(true, [] {
			    int *p = (int *)(void *)kmalloc(20, GFP_KERNEL);
			    memtest_read(p, 5);
		    }),
		    ::testing::ExitedWithCode(42), "");
}

TEST(KasanDeathTest, PageUseAfterFree)
{
	kasan_title = "KASAN: use-after-free Read in memtest_read";
	kasan_lines = { "BUG: KASAN: use-after-free in memtest_read+0x",
			"\n\nThe buggy address belongs to the physical page:\npage: refcount:0 mapcount:0 "
			"mapping:0000000000000000 index:0x0 pfn:0x" };
	EXPECT_EXIT(kasan_run(true, [] {
			    unsigned long va = __get_free_pages(GFP_KERNEL, 0);
			    free_pages(va, 0);
			    memtest_read((int *)va, 0);
		    }),
		    ::testing::ExitedWithCode(42), "");
}

/* The same access from code that is not the kernel's is kctx's own bug: ASan's report stands. */
TEST(KasanDeathTest, HostSideErrorKeepsAsanReport)
{
	EXPECT_DEATH(kasan_run(false, [] {
			     int *p = (int *)(void *)kmalloc(16, GFP_KERNEL);
			     kfree(p);
			     memtest_read(p, 1);
		     }),
		     "ERROR: AddressSanitizer: use-after-poison");
}

#endif

/* A page given to a gen_pool (as the atomic DMA pools do) belongs to it: freeing it to the buddy allocator reports. */
TEST(Memory, FreeingGenPoolPageToBuddyReports)
{
	MachineConfig cfg;
	cfg.platform = Platform::x86_tdx;
	Machine m(cfg);
	on_task([] {
		struct page *pg = alloc_pages(GFP_KERNEL, 0);
		ASSERT_NE(pg, nullptr);
		struct gen_pool *pool = gen_pool_create(PAGE_SHIFT, NUMA_NO_NODE);
		ASSERT_EQ(gen_pool_add_virt(pool, (unsigned long)page_address(pg), page_to_phys(pg), PAGE_SIZE,
					    NUMA_NO_NODE), 0);
		unsigned long va = gen_pool_alloc(pool, PAGE_SIZE);
		EXPECT_EQ(va, (unsigned long)page_address(pg));
		EXPECT_EQ(gen_pool_virt_to_phys(pool, va), page_to_phys(pg));
		EXPECT_EQ(gen_pool_alloc(pool, PAGE_SIZE), 0UL);	/* full */
		gen_pool_free(pool, va, PAGE_SIZE);
		EXPECT_EQ(gen_pool_avail(pool), PAGE_SIZE);
		__free_pages(pg, 0);	/* the pool still owns it */
	});
	const Report *r = report_of("BUG: kctx: bad page free");
	ASSERT_NE(r, nullptr);
	EXPECT_NE(r->text.find("atomic DMA pool owns it"), std::string::npos);
}

/* gen_pool_first_fit_order_align: a block of n units starts at a multiple of n rounded up to a power of two. */
TEST(Memory, GenPoolOrderAlignedFirstFit)
{
	Machine m{ MachineConfig() };
	on_task([] {
		struct page *pg = alloc_pages(GFP_KERNEL, 3);
		struct gen_pool *pool = gen_pool_create(PAGE_SHIFT, NUMA_NO_NODE);
		gen_pool_set_algo(pool, gen_pool_first_fit_order_align, NULL);
		unsigned long base = (unsigned long)page_address(pg);
		gen_pool_add_virt(pool, base, page_to_phys(pg), 8 * PAGE_SIZE, NUMA_NO_NODE);
		EXPECT_EQ(gen_pool_alloc(pool, PAGE_SIZE), base);
		EXPECT_EQ(gen_pool_alloc(pool, 3 * PAGE_SIZE), base + 4 * PAGE_SIZE);	/* 3 pages align to 4 */
		EXPECT_EQ(gen_pool_alloc(pool, PAGE_SIZE), base + PAGE_SIZE);
		EXPECT_EQ(gen_pool_avail(pool), 3 * PAGE_SIZE);
	});
}

/* vmap()'s alias and the linear address are the same memory, also after a new memory layout. */
TEST(Memory, VmapAliasFollowsTheBanksAcrossBoots)
{
	for (uint64_t normal : { 16ull << 20, 32ull << 20, 16ull << 20 }) {
		MachineConfig cfg;
		cfg.normal_size = normal;
		Machine m(cfg);
		on_task([&] {
			struct page *pg = alloc_pages(GFP_KERNEL, 1);
			struct page *pages[2] = { pg, pg + 1 };
			unsigned char *va = (unsigned char *)vmap(pages, 2, VM_DMA_COHERENT, PAGE_KERNEL);
			ASSERT_NE(va, nullptr);
			unsigned char *linear = (unsigned char *)page_address(pg);
			ASSERT_NE(linear, va);
			va[PAGE_SIZE] = 0x5c;
			EXPECT_EQ(linear[PAGE_SIZE], 0x5c) << "normal_size " << normal;
			ASSERT_NE(find_vm_area(va + 17), nullptr);
			EXPECT_EQ(find_vm_area(va + 17)->flags, (unsigned long)VM_DMA_COHERENT);
			vunmap(va);
			EXPECT_EQ(find_vm_area(va), nullptr);
		});
	}
}

/* vmap() sleeps: from atomic context it is reported where mm/vmalloc.c would be. */
TEST(Memory, VmapInAtomicContextReports)
{
	Machine m{ MachineConfig() };
	on_task([] {
		struct page *pg = alloc_pages(GFP_KERNEL, 0);
		preempt_disable();
		void *va = vmap(&pg, 1, VM_MAP, PAGE_KERNEL);
		preempt_enable();
		EXPECT_NE(va, nullptr);
	});
	const Report *r = report_of("BUG: sleeping function called from invalid context");
	ASSERT_NE(r, nullptr);
	EXPECT_NE(r->text.find("mm/vmalloc.c:3503"), std::string::npos);
}

TEST(Platform, ForceDmaUnencryptedTable)
{
	struct Row {
		Platform p;
		unsigned bits;
		bool expect;
	} rows[] = {
		{ Platform::none, 32, false }, { Platform::none, 64, false },
		{ Platform::x86_sme, 32, true }, { Platform::x86_sme, 46, true }, { Platform::x86_sme, 47, true },
		{ Platform::x86_sme, 48, false }, { Platform::x86_sme, 64, false },
		{ Platform::x86_sev, 32, true }, { Platform::x86_sev, 46, true }, { Platform::x86_sev, 47, true },
		{ Platform::x86_sev, 64, true },
		{ Platform::x86_tdx, 32, true }, { Platform::x86_tdx, 64, true },
		{ Platform::arm64_cca, 32, true }, { Platform::arm64_cca, 64, true },
		{ Platform::arm64, 32, false }, { Platform::arm64, 64, false },
	};
	for (const Row &r : rows) {
		MachineConfig cfg;
		cfg.platform = r.p;
		Machine m(cfg);
		DevSpec s;
		s.dma_mask = s.coherent_dma_mask = r.bits == 64 ? ~0ULL : (1ULL << r.bits) - 1;
		device *dev = create_device(s);
		EXPECT_EQ(force_dma_unencrypted(dev), r.expect) << platform_name(r.p) << " mask " << r.bits;
	}
}

TEST(Platform, SetMemoryOnSmeSleepsInSoftirqNotInKworker)
{
	MachineConfig cfg;
	cfg.platform = Platform::x86_sme;
	Machine m(cfg);
	static unsigned long va;
	on_task([] { va = __get_free_pages(GFP_KERNEL, 0); });
	on_kworker([] { set_memory_decrypted(va, 1); });
	EXPECT_TRUE(reports().empty());
	on_softirq([] { set_memory_encrypted(va, 1); });
	const Report *r = report_of(kSleep);
	ASSERT_NE(r, nullptr);
	EXPECT_EQ(r->title, kSleep + " in vm_unmap_aliases");
}

/*
 * A conversion only fails where the platform can fail it: AMD's
 * enc_status_change_prepare/finish (mem_encrypt_amd.c) always return 0, so
 * SEV fails in the CPA code, without a warning; TDX's host may refuse, and
 * __set_memory_enc_pgtable() WARNs at arch/x86/mm/pat/set_memory.c:2239
 * (6.12.117).
 */
TEST(Platform, SetMemoryFailsAsThePlatformCan)
{
	for (Platform p : { Platform::x86_sev, Platform::x86_tdx }) {
		MachineConfig cfg;
		cfg.platform = p;
		cfg.fail_setmem_prob = 100;
		Machine m(cfg);
		on_task([] {
			unsigned long va = __get_free_pages(GFP_KERNEL, 0);
			EXPECT_NE(set_memory_decrypted(va, 1), 0);
		});
		const Report *r = report_of("WARNING");
		if (p == Platform::x86_sev) {
			EXPECT_EQ(r, nullptr) << r->text;
			continue;
		}
		ASSERT_NE(r, nullptr);
		EXPECT_NE(r->text.find("at arch/x86/mm/pat/set_memory.c:2239 "), std::string::npos) << r->text;
		EXPECT_NE(r->text.find("CPA VMM failure to convert memory"), std::string::npos) << r->text;
	}
}

TEST(Platform, SetMemoryOnNoneDoesNothing)
{
	Machine m;
	on_softirq([] {
		unsigned long va = __get_free_pages(GFP_ATOMIC, 0);
		EXPECT_EQ(set_memory_decrypted(va, 1), 0);
		EXPECT_FALSE(page_info(__pa(va) >> PAGE_SHIFT).decrypted);
		free_pages(va, 0);
	});
	EXPECT_TRUE(reports().empty());
}

TEST(Platform, DmaHelpersKernelValues)
{
	Machine m;
	DevSpec s;
	s.min_align_mask = 0xfff;
	s.seg_boundary = 0xffffffff;
	device *dev = create_device(s);
	EXPECT_EQ(dma_get_min_align_mask(dev), 0xfffu);
	EXPECT_EQ(dma_get_seg_boundary(dev), 0xffffffffUL);
	EXPECT_EQ(dma_get_seg_boundary_nr_pages(dev, 12), 0x100000UL);
	EXPECT_EQ(DMA_BIT_MASK(32), 0xffffffffULL);
	EXPECT_EQ(DMA_BIT_MASK(64), ~0ULL);
	EXPECT_EQ(get_order(0x1000), 0);
	EXPECT_EQ(get_order(0x1001), 1);
	EXPECT_EQ(get_order(0x400000), 10);
	EXPECT_TRUE(dma_capable(dev, 0xfffff000, 0x1000, true));
	EXPECT_TRUE(dma_capable(dev, 0x100000000ULL, 1, true));
	s.dma_mask = 0xffffffff;
	device *d32 = create_device(s);
	EXPECT_FALSE(dma_capable(d32, 0xfffff000, 0x1001, true));
}

/* ---- RCU quiescent states (issue 18 item 6) ------------------------------------------------------------- */

static struct rcu_head qs_head;

/* In a task on CPU 0: queue a callback, start its grace period, then run probe; did CPU 0 report? */
static bool cpu0_quiescent_after(Preempt mode, const std::function<void()> &probe)
{
	MachineConfig cfg;
	cfg.preempt = mode;
	cfg.ncpus = 2;
	Machine m(cfg);
	bool noted = false;
	on_task([&] {
		call_rcu(&qs_head, [](struct rcu_head *) {});
		while (kshim::rcu_gp_advance())
			;	/* the grace period starts; idle CPU 1 is quiescent */
		trace_enable(true);
		probe();
		for (const std::string &l : trace_lines())
			noted |= l.find("rcu: cpu0 quiescent") != std::string::npos;
		trace_enable(false);
	});
	return noted;
}

static void tick_here()
{
	unsigned long flags;
	local_irq_save(flags);
	preempt_count_add(HARDIRQ_OFFSET);	/* irq_enter(): the tick sees the interrupted count below it */
	kshim::rcu_tick(kshim::this_cpu(), 0);
	preempt_count_sub(HARDIRQ_OFFSET);
	local_irq_restore(flags);
}

/*
 * Non-preemptible RCU with PREEMPT_COUNT: a tick that interrupts
 * preempt_count 0 is a quiescent state (kernel/rcu/tree_plugin.h:1071-1073
 * in 6.12.117); inside preempt_disable() it is not.
 */
TEST(Rcu, TickAtPreemptCountZeroIsQuiescent)
{
	EXPECT_TRUE(cpu0_quiescent_after(Preempt::static_voluntary, [] { tick_here(); }));
	EXPECT_FALSE(cpu0_quiescent_after(Preempt::static_voluntary, [] {
		preempt_disable();
		tick_here();
		preempt_enable();
	}));
	/* preemptible RCU: outside a reader, inside one not */
	EXPECT_TRUE(cpu0_quiescent_after(Preempt::voluntary, [] { tick_here(); }));
	EXPECT_FALSE(cpu0_quiescent_after(Preempt::voluntary, [] {
		rcu_read_lock();
		tick_here();
		rcu_read_unlock();
	}));
}

/*
 * cond_resched() reports a quiescent state through rcu_all_qs() only when
 * rcu_urgent_qs is set, once the grace period is jiffies_to_sched_qs old
 * (kernel/rcu/tree_plugin.h:976, kernel/rcu/tree.c:906-907 in 6.12.117).
 */
TEST(Rcu, CondReschedReportsOnlyWhenUrgent)
{
	EXPECT_FALSE(cpu0_quiescent_after(Preempt::static_voluntary, [] { cond_resched(); }));
	EXPECT_TRUE(cpu0_quiescent_after(Preempt::static_voluntary, [] {
		kshim::advance_jiffies(HZ / 10);
		cond_resched();
	}));
}

static std::string batch_order;
static struct rcu_head batch_heads[2];

/*
 * In rcuc and rcuo kthreads rcu_do_batch() enables BHs between callbacks
 * (kernel/rcu/tree.c:2594-2598 in 6.12.117): a softirq raised by the first
 * callback runs before the second.  In RCU_SOFTIRQ it waits for the batch.
 */
TEST(Rcu, KthreadBatchEnablesBhBetweenCallbacks)
{
	for (RcuMode mode : { RcuMode::rcuc, RcuMode::softirq }) {
		MachineConfig cfg;
		cfg.rcu = mode;
		Machine m(cfg);
		batch_order.clear();
		static struct tasklet_struct soft;
		tasklet_setup(&soft, [](struct tasklet_struct *) { batch_order += "S"; });
		on_task([] {
			call_rcu(&batch_heads[0], [](struct rcu_head *) {
				batch_order += "1";
				tasklet_schedule(&soft);
			});
			call_rcu(&batch_heads[1], [](struct rcu_head *) { batch_order += "2"; });
		});
		force_grace_period();
		run_rcu_callbacks();
		drain();
		EXPECT_EQ(batch_order, mode == RcuMode::rcuc ? "1S2" : "12S") << rcu_mode_name(mode);
	}
}
