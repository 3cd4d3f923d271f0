// SPDX-License-Identifier: GPL-2.0
/*
 * kshim locks: raw spinlocks, spinlock_t, rwlock_t, mutexes and rw
 * semaphores, with the kernel's effect on preempt_count, IRQs and BHs per
 * preemption model (PREEMPT_RT turns spinlock_t and rwlock_t into sleeping
 * locks that also enter an RCU reader and disable migration), lockdep
 * annotations, DEBUG_SPINLOCK and DEBUG_MUTEXES checks, and a scheduling
 * point at every acquire and release.
 */
#include "sched.h"
#include "watchdog.h"
#include "locking.h"
#include "context.h"
#include "printk.h"
#include "report.h"
#include "stacktrace.h"

#include <linux/bug.h>
#include <linux/debug_locks.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

namespace kshim {

static void spin_bug(raw_spinlock_t *lock, const char *msg)
{
	task_struct *t = cur();
	task_struct *owner = lock->owner;
	ReportBuilder rb;
	rb.kind = "BUG";
	rb.header = strf("BUG: spinlock %s on CPU#%u, %s/%d", msg, t->cpu, t->comm, t->pid);
	rb.body = strf(" lock: %s, .magic: dead4ead, .owner: %s/%d, .owner_cpu: %d\n", fake_address(lock).c_str(),
		       owner ? owner->comm : "<none>", owner ? owner->pid : -1, owner ? (int)lock->owner_cpu : -1);
	emit_report(rb);
}

/* Take the lock word, spinning (other CPUs run) while someone else holds it. */
static void do_raw_spin_lock(raw_spinlock_t *lock)
{
	task_struct *t = cur();
	if (lock->locked && lock->owner == t) {
		spin_bug(lock, "recursion");
		halt_run();		/* the CPU spins forever: nothing after this is worth running */
		throw OpAbort();
	}
	/*
	 * DEBUG_SPINLOCK's other check: the owner is another context of this
	 * CPU (one this context interrupted, or one that returned with the lock
	 * held).  The kernel then spins on, and a watchdog says so later.
	 */
	if (lock->locked && lock->owner_cpu == t->cpu)
		spin_bug(lock, "cpu recursion");
	sched_point(Point::lock);
	while (lock->locked) {
		spin_wait(lock);
		if (!t->irqs_off && hardirq_pending(this_cpu()))
			do_hardirq_work(this_cpu());
	}
	lock->locked = 1;
	lock->owner = t;
	lock->owner_cpu = t->cpu;
}

static void do_raw_spin_unlock(raw_spinlock_t *lock)
{
	task_struct *t = cur();
	if (!lock->locked)
		spin_bug(lock, "already unlocked");
	else if (lock->owner != t)
		spin_bug(lock, "wrong owner");
	lock->locked = 0;
	lock->owner = nullptr;
}

static unsigned long ip_of(void *ra)
{
	return (unsigned long)ra;
}

/* Non-RT raw and spinlock_t paths (spinlock_t is a raw spinlock there). */
static void raw_lock(raw_spinlock_t *lock, void *ip)
{
	pc_add(cur(), 1, ip);
	lock_acquire(&lock->dep_map, 0, 0, 0, 1, nullptr, ip_of(ip));
	do_raw_spin_lock(lock);
}

static void raw_unlock(raw_spinlock_t *lock, void *ip)
{
	lock_release(&lock->dep_map, ip_of(ip));
	do_raw_spin_unlock(lock);
	task_struct *t = cur();
	pc_sub(t, 1);
	if (t->preempt_count == 0 && !t->irqs_off)
		sched_point(Point::unlock);
}

} /* namespace kshim */

/*
 * model: PREEMPT_RT's spinlock_t, an rtmutex that sleeps, so it may not be
 * taken atomically.  Kernel names: the RCU read section and the migration
 * lock they take name them as their callers in lockdep's reports.
 */
noinline void rt_spin_lock(raw_spinlock_t *lock, void *ip)
{
	using namespace kshim;
	task_struct *t = cur();
	lock_acquire(&lock->dep_map, 0, 0, 0, 1, nullptr, ip_of(ip));
	__might_resched("kernel/locking/spinlock_rt.c", 48, (unsigned)rcu_preempt_depth() << MIGHT_RESCHED_RCU_SHIFT);
	if (lock->locked && lock->owner == t) {
		spin_bug(lock, "recursion");
		halt_run();
		throw OpAbort();
	}
	sched_point(Point::lock);
	if (lock->locked) {
		t->state = TaskState::blocked;
		wait_until([lock] { return !lock->locked; });
	}
	lock->locked = 1;
	lock->owner = t;
	lock->owner_cpu = t->cpu;
	rcu_read_lock();
	migrate_disable();
}

noinline void rt_spin_unlock(raw_spinlock_t *lock, void *ip)
{
	using namespace kshim;
	lock_release(&lock->dep_map, ip_of(ip));
	migrate_enable();
	rcu_read_unlock();
	do_raw_spin_unlock(lock);
	sched_point(Point::unlock);
}

namespace kshim {

static void spin_lock_common(spinlock_t *lock, void *ip)
{
	if (rt())
		rt_spin_lock(&lock->rlock, ip);
	else
		raw_lock(&lock->rlock, ip);
}

static void spin_unlock_common(spinlock_t *lock, void *ip)
{
	if (rt())
		rt_spin_unlock(&lock->rlock, ip);
	else
		raw_unlock(&lock->rlock, ip);
}

/* PREEMPT_RT's per-CPU softirq_ctrl.lock, taken by the first local_bh_disable(). */
static struct lock_class_key bh_lock_key;
static struct lockdep_map bh_lock_map[4];
static task_struct *bh_lock_owner[4];

void bh_lock_acquire()
{
	task_struct *t = cur();
	struct lockdep_map *m = &bh_lock_map[t->cpu];
	if (!m->name)
		lockdep_init_map_type(m, "(softirq_ctrl.lock)", &bh_lock_key, 0, 0, LD_WAIT_CONFIG, LD_LOCK_PERCPU);
	lock_acquire(m, 0, 0, 0, 1, nullptr, (unsigned long)__builtin_return_address(0));
	unsigned cpu = t->cpu;
	if (bh_lock_owner[cpu] && bh_lock_owner[cpu] != t) {
		t->state = TaskState::blocked;
		wait_until([cpu] { return !bh_lock_owner[cpu]; });
	}
	bh_lock_owner[cpu] = t;
	rcu_read_lock();	/* the local_lock is an rtmutex spinlock, which enters a reader (rt_spin_lock()) */
}

void bh_lock_release()
{
	task_struct *t = cur();
	rcu_read_unlock();
	lock_release(&bh_lock_map[t->cpu], (unsigned long)__builtin_return_address(0));
	bh_lock_owner[t->cpu] = nullptr;
}

void locking_reset()
{
	for (auto &m : bh_lock_map)
		m = {};
	for (auto &o : bh_lock_owner)
		o = nullptr;
}

} /* namespace kshim */

using namespace kshim;

/* model: every lock below has the kernel's effect on the context, lockdep and a shim point */

/* ---- initialisers ------------------------------------------------------------------------ */

void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name, struct lock_class_key *key, short inner)
{
	lock->locked = 0;
	lock->owner = nullptr;
	lock->owner_cpu = 0;
	lockdep_init_map_type(&lock->dep_map, name, key, 0, 0, (unsigned char)inner, LD_LOCK_NORMAL);
	lock->dep_map.kind = inner == LD_WAIT_SPIN ? KSHIM_LOCK_RAW_SPIN : KSHIM_LOCK_SPIN;
}

void __rwlock_init(rwlock_t *lock, const char *name, struct lock_class_key *key)
{
	lock->readers = 0;
	lock->owner = nullptr;
	lockdep_init_map_type(&lock->dep_map, name, key, 0, 0, LD_WAIT_CONFIG, LD_LOCK_NORMAL);
	lock->dep_map.kind = KSHIM_LOCK_RWLOCK;
}

void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key)
{
	lock->owner = nullptr;
	lockdep_init_map_type(&lock->dep_map, name, key, 0, 0, LD_WAIT_SLEEP, LD_LOCK_NORMAL);
	lock->dep_map.kind = KSHIM_LOCK_MUTEX;
}

void __init_rwsem(struct rw_semaphore *sem, const char *name, struct lock_class_key *key)
{
	sem->count = 0;
	sem->owner = nullptr;
	lockdep_init_map_type(&sem->dep_map, name, key, 0, 0, LD_WAIT_SLEEP, LD_LOCK_NORMAL);
	sem->dep_map.kind = KSHIM_LOCK_RWSEM;
}

/* ---- raw spinlocks (never sleep, in every model) ---------------------------------------------------- */

noinline void _raw_spin_lock(raw_spinlock_t *lock)
{
	raw_lock(lock, __builtin_return_address(0));
}

noinline void _raw_spin_unlock(raw_spinlock_t *lock)
{
	raw_unlock(lock, __builtin_return_address(0));
}

noinline void _raw_spin_lock_irq(raw_spinlock_t *lock)
{
	local_irq_disable();
	raw_lock(lock, __builtin_return_address(0));
}

noinline void _raw_spin_unlock_irq(raw_spinlock_t *lock)
{
	lock_release(&lock->dep_map, (unsigned long)__builtin_return_address(0));
	do_raw_spin_unlock(lock);
	local_irq_enable();
	preempt_enable();
}

noinline unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock)
{
	unsigned long flags = arch_local_irq_save();
	raw_lock(lock, __builtin_return_address(0));
	return flags;
}

noinline void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags)
{
	lock_release(&lock->dep_map, (unsigned long)__builtin_return_address(0));
	do_raw_spin_unlock(lock);
	pc_sub(cur(), 1);
	arch_local_irq_restore(flags);
	if (!cur()->preempt_count && !cur()->irqs_off)
		sched_point(Point::unlock);
}

noinline void _raw_spin_lock_bh(raw_spinlock_t *lock)
{
	void *ip = __builtin_return_address(0);
	__local_bh_disable_ip((unsigned long)ip, SOFTIRQ_LOCK_OFFSET);
	lock_acquire(&lock->dep_map, 0, 0, 0, 1, nullptr, (unsigned long)ip);
	do_raw_spin_lock(lock);
}

noinline void _raw_spin_unlock_bh(raw_spinlock_t *lock)
{
	void *ip = __builtin_return_address(0);
	lock_release(&lock->dep_map, (unsigned long)ip);
	do_raw_spin_unlock(lock);
	__local_bh_enable_ip((unsigned long)ip, SOFTIRQ_LOCK_OFFSET);
}

noinline int _raw_spin_trylock(raw_spinlock_t *lock)
{
	task_struct *t = cur();
	pc_add(t, 1, __builtin_return_address(0));
	sched_point(Point::lock);
	if (lock->locked) {
		pc_sub(t, 1);
		return 0;
	}
	lock->locked = 1;
	lock->owner = t;
	lock->owner_cpu = t->cpu;
	lock_acquire(&lock->dep_map, 0, 1, 0, 1, nullptr, (unsigned long)__builtin_return_address(0));
	return 1;
}

bool raw_spin_is_locked(raw_spinlock_t *lock)
{
	return lock->locked;
}

/* ---- spinlock_t ------------------------------------------------------------------------------------------- */

noinline void spin_lock(spinlock_t *lock)
{
	spin_lock_common(lock, __builtin_return_address(0));
}

noinline void spin_unlock(spinlock_t *lock)
{
	spin_unlock_common(lock, __builtin_return_address(0));
}

noinline void spin_lock_irq(spinlock_t *lock)
{
	if (!rt())
		local_irq_disable();
	spin_lock_common(lock, __builtin_return_address(0));
}

noinline void spin_unlock_irq(spinlock_t *lock)
{
	if (rt()) {
		spin_unlock_common(lock, __builtin_return_address(0));
		return;
	}
	lock_release(&lock->rlock.dep_map, (unsigned long)__builtin_return_address(0));
	do_raw_spin_unlock(&lock->rlock);
	local_irq_enable();
	preempt_enable();
}

noinline unsigned long _spin_lock_irqsave(spinlock_t *lock)
{
	if (rt()) {
		spin_lock_common(lock, __builtin_return_address(0));
		return 0;	/* RT: interrupts stay enabled */
	}
	unsigned long flags = arch_local_irq_save();
	raw_lock(&lock->rlock, __builtin_return_address(0));
	return flags;
}

noinline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	if (rt()) {
		spin_unlock_common(lock, __builtin_return_address(0));
		return;
	}
	lock_release(&lock->rlock.dep_map, (unsigned long)__builtin_return_address(0));
	do_raw_spin_unlock(&lock->rlock);
	pc_sub(cur(), 1);
	arch_local_irq_restore(flags);
	if (!cur()->preempt_count && !cur()->irqs_off)
		sched_point(Point::unlock);
}

noinline void spin_lock_bh(spinlock_t *lock)
{
	void *ip = __builtin_return_address(0);
	if (rt()) {
		local_bh_disable();
		rt_spin_lock(&lock->rlock, ip);
		return;
	}
	__local_bh_disable_ip((unsigned long)ip, SOFTIRQ_LOCK_OFFSET);
	lock_acquire(&lock->rlock.dep_map, 0, 0, 0, 1, nullptr, (unsigned long)ip);
	do_raw_spin_lock(&lock->rlock);
}

noinline void spin_unlock_bh(spinlock_t *lock)
{
	void *ip = __builtin_return_address(0);
	if (rt()) {
		rt_spin_unlock(&lock->rlock, ip);
		local_bh_enable();
		return;
	}
	lock_release(&lock->rlock.dep_map, (unsigned long)ip);
	do_raw_spin_unlock(&lock->rlock);
	__local_bh_enable_ip((unsigned long)ip, SOFTIRQ_LOCK_OFFSET);
}

noinline int spin_trylock(spinlock_t *lock)
{
	task_struct *t = cur();
	if (rt()) {
		if (lock->rlock.locked)
			return 0;
		lock->rlock.locked = 1;
		lock->rlock.owner = t;
		lock_acquire(&lock->rlock.dep_map, 0, 1, 0, 1, nullptr, (unsigned long)__builtin_return_address(0));
		rcu_read_lock();
		migrate_disable();
		return 1;
	}
	return _raw_spin_trylock(&lock->rlock);
}

noinline int _spin_trylock_irqsave(spinlock_t *lock, unsigned long *flags)
{
	*flags = rt() ? 0 : arch_local_irq_save();
	if (spin_trylock(lock))
		return 1;
	if (!rt())
		arch_local_irq_restore(*flags);
	return 0;
}

bool spin_is_locked(spinlock_t *lock)
{
	return lock->rlock.locked;
}

/* ---- rwlock_t ------------------------------------------------------------------------------------------------ */

static void rw_read_lock(rwlock_t *lock, void *ip)
{
	task_struct *t = cur();
	if (rt()) {
		lock_acquire(&lock->dep_map, 0, 0, 2, 1, nullptr, ip_of(ip));
		__might_resched("kernel/locking/spinlock_rt.c", 218, (unsigned)rcu_preempt_depth() << MIGHT_RESCHED_RCU_SHIFT);
		sched_point(Point::lock);
		if (lock->readers < 0) {
			t->state = TaskState::blocked;
			wait_until([lock] { return lock->readers >= 0; });
		}
		lock->readers++;
		rcu_read_lock();
		migrate_disable();
		return;
	}
	pc_add(t, 1, ip);
	lock_acquire(&lock->dep_map, 0, 0, 2, 1, nullptr, ip_of(ip));
	sched_point(Point::lock);
	while (lock->readers < 0)
		spin_wait(lock);
	lock->readers++;
}

static void rw_read_unlock(rwlock_t *lock, void *ip)
{
	lock_release(&lock->dep_map, ip_of(ip));
	lock->readers--;
	if (rt()) {
		migrate_enable();
		rcu_read_unlock();
		sched_point(Point::unlock);
		return;
	}
	preempt_enable();
}

static void rw_write_lock(rwlock_t *lock, void *ip)
{
	task_struct *t = cur();
	if (rt()) {
		lock_acquire(&lock->dep_map, 0, 0, 0, 1, nullptr, ip_of(ip));
		__might_resched("kernel/locking/spinlock_rt.c", 240, (unsigned)rcu_preempt_depth() << MIGHT_RESCHED_RCU_SHIFT);
		sched_point(Point::lock);
		if (lock->readers) {
			t->state = TaskState::blocked;
			wait_until([lock] { return lock->readers == 0; });
		}
		lock->readers = -1;
		lock->owner = t;
		rcu_read_lock();
		migrate_disable();
		return;
	}
	pc_add(t, 1, ip);
	lock_acquire(&lock->dep_map, 0, 0, 0, 1, nullptr, ip_of(ip));
	sched_point(Point::lock);
	while (lock->readers)
		spin_wait(lock);
	lock->readers = -1;
	lock->owner = t;
}

static void rw_write_unlock(rwlock_t *lock, void *ip)
{
	lock_release(&lock->dep_map, ip_of(ip));
	lock->readers = 0;
	lock->owner = nullptr;
	if (rt()) {
		migrate_enable();
		rcu_read_unlock();
		sched_point(Point::unlock);
		return;
	}
	preempt_enable();
}

noinline void read_lock(rwlock_t *lock) { rw_read_lock(lock, __builtin_return_address(0)); }
noinline void read_unlock(rwlock_t *lock) { rw_read_unlock(lock, __builtin_return_address(0)); }
noinline void write_lock(rwlock_t *lock) { rw_write_lock(lock, __builtin_return_address(0)); }
noinline void write_unlock(rwlock_t *lock) { rw_write_unlock(lock, __builtin_return_address(0)); }

noinline void read_lock_irq(rwlock_t *lock)
{
	if (!rt())
		local_irq_disable();
	rw_read_lock(lock, __builtin_return_address(0));
}

noinline void read_unlock_irq(rwlock_t *lock)
{
	rw_read_unlock(lock, __builtin_return_address(0));
	if (!rt())
		local_irq_enable();
}

noinline void write_lock_irq(rwlock_t *lock)
{
	if (!rt())
		local_irq_disable();
	rw_write_lock(lock, __builtin_return_address(0));
}

noinline void write_unlock_irq(rwlock_t *lock)
{
	rw_write_unlock(lock, __builtin_return_address(0));
	if (!rt())
		local_irq_enable();
}

noinline unsigned long _read_lock_irqsave(rwlock_t *lock)
{
	unsigned long flags = rt() ? 0 : arch_local_irq_save();
	rw_read_lock(lock, __builtin_return_address(0));
	return flags;
}

noinline unsigned long _write_lock_irqsave(rwlock_t *lock)
{
	unsigned long flags = rt() ? 0 : arch_local_irq_save();
	rw_write_lock(lock, __builtin_return_address(0));
	return flags;
}

noinline void read_unlock_irqrestore(rwlock_t *lock, unsigned long flags)
{
	rw_read_unlock(lock, __builtin_return_address(0));
	if (!rt())
		arch_local_irq_restore(flags);
}

noinline void write_unlock_irqrestore(rwlock_t *lock, unsigned long flags)
{
	rw_write_unlock(lock, __builtin_return_address(0));
	if (!rt())
		arch_local_irq_restore(flags);
}

noinline void read_lock_bh(rwlock_t *lock)
{
	local_bh_disable();
	rw_read_lock(lock, __builtin_return_address(0));
}

noinline void read_unlock_bh(rwlock_t *lock)
{
	rw_read_unlock(lock, __builtin_return_address(0));
	local_bh_enable();
}

noinline void write_lock_bh(rwlock_t *lock)
{
	local_bh_disable();
	rw_write_lock(lock, __builtin_return_address(0));
}

noinline void write_unlock_bh(rwlock_t *lock)
{
	rw_write_unlock(lock, __builtin_return_address(0));
	local_bh_enable();
}

/* ---- mutexes ------------------------------------------------------------------------------------------------------ */

/*
 * model: the lockdep build's path, mutex_lock_nested() -> __mutex_lock() ->
 * __mutex_lock_common() (inlined), whose might_sleep() is the line that
 * reports name: 6.12.117's kernel/locking/mutex.c:586.  PREEMPT_RT's
 * mutex is an rtmutex: rtmutex_api.c's mutex_lock_nested() inlines its own
 * __mutex_lock_common(), might_sleep() at rtmutex_api.c:518, no __mutex_lock().
 */
static __always_inline int __mutex_lock_common(struct mutex *lock, unsigned int subclass, unsigned long ip)
{
	task_struct *t = cur();
	if (rt())
		__might_sleep("kernel/locking/rtmutex_api.c", 518);
	else
		__might_sleep("kernel/locking/mutex.c", 586);
	lock_acquire(&lock->dep_map, subclass, 0, 0, 1, nullptr, ip);
	if (lock->owner == t)
		throw OpAbort();	/* self-deadlock; lockdep has reported it */
	if (lock->owner) {
		if (t->preempt_count || t->irqs_off)
			__schedule_bug(t);
		t->state = TaskState::blocked;
		wait_until([lock] { return lock->owner == nullptr; });
	}
	lock->owner = t;
	return 0;
}

noinline static int __mutex_lock(struct mutex *lock, unsigned int subclass, unsigned long ip)
{
	return __mutex_lock_common(lock, subclass, ip);
}

/* the body of every _nested entry point: RT's inlines its __mutex_lock_common(), the other calls __mutex_lock() */
static __always_inline int mutex_lock_entry(struct mutex *lock, unsigned int subclass, unsigned long ip)
{
	return rt() ? __mutex_lock_common(lock, subclass, ip) : __mutex_lock(lock, subclass, ip);
}

noinline void mutex_lock_nested(struct mutex *lock, unsigned int subclass)
{
	mutex_lock_entry(lock, subclass, (unsigned long)__builtin_return_address(0));
}

/* the simulated tasks take no signals, so the wait is never interrupted */
noinline int mutex_lock_interruptible_nested(struct mutex *lock, unsigned int subclass)
{
	return mutex_lock_entry(lock, subclass, (unsigned long)__builtin_return_address(0));
}

noinline int mutex_trylock(struct mutex *lock)
{
	if (lock->owner)
		return 0;
	lock->owner = cur();
	lock_acquire(&lock->dep_map, 0, 1, 0, 1, nullptr, (unsigned long)__builtin_return_address(0));
	return 1;
}

noinline void mutex_unlock(struct mutex *lock)
{
	task_struct *t = cur();
	/* __mutex_unlock_slowpath(): lockdep first, then the owner check, which stays quiet once lockdep spoke */
	lock_release(&lock->dep_map, (unsigned long)__builtin_return_address(0));
	DEBUG_LOCKS_WARN_ON_AT("kernel/locking/mutex.c", 930, lock->owner != t);
	lock->owner = nullptr;
	sched_point(Point::unlock);
}

bool mutex_is_locked(struct mutex *lock)
{
	return lock->owner != nullptr;
}

/* ---- rw semaphores -------------------------------------------------------------------------------------------------- */

noinline void down_read(struct rw_semaphore *sem)
{
	task_struct *t = cur();
	__might_sleep("kernel/locking/rwsem.c", 1523);
	lock_acquire(&sem->dep_map, 0, 0, 1, 1, nullptr, (unsigned long)__builtin_return_address(0));
	if (sem->count < 0) {
		if (t->preempt_count || t->irqs_off)
			__schedule_bug(t);
		t->state = TaskState::blocked;
		wait_until([sem] { return sem->count >= 0; });
	}
	sem->count++;
}

noinline int down_read_trylock(struct rw_semaphore *sem)
{
	if (sem->count < 0)
		return 0;
	sem->count++;
	lock_acquire(&sem->dep_map, 0, 1, 1, 1, nullptr, (unsigned long)__builtin_return_address(0));
	return 1;
}

noinline void up_read(struct rw_semaphore *sem)
{
	lock_release(&sem->dep_map, (unsigned long)__builtin_return_address(0));
	if (sem->count > 0)
		sem->count--;
	sched_point(Point::unlock);
}

noinline void down_write(struct rw_semaphore *sem)
{
	task_struct *t = cur();
	__might_sleep("kernel/locking/rwsem.c", 1576);
	lock_acquire(&sem->dep_map, 0, 0, 0, 1, nullptr, (unsigned long)__builtin_return_address(0));
	if (sem->count) {
		if (t->preempt_count || t->irqs_off)
			__schedule_bug(t);
		t->state = TaskState::blocked;
		wait_until([sem] { return sem->count == 0; });
	}
	sem->count = -1;
	sem->owner = t;
}

noinline int down_write_trylock(struct rw_semaphore *sem)
{
	if (sem->count)
		return 0;
	sem->count = -1;
	sem->owner = cur();
	lock_acquire(&sem->dep_map, 0, 1, 0, 1, nullptr, (unsigned long)__builtin_return_address(0));
	return 1;
}

noinline void up_write(struct rw_semaphore *sem)
{
	lock_release(&sem->dep_map, (unsigned long)__builtin_return_address(0));
	sem->count = 0;
	sem->owner = nullptr;
	sched_point(Point::unlock);
}
