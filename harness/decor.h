/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entering and leaving a context's decorations (+irqs_off, +spin_irqsave,
 * ...): the operations (kctx_run_op()) and the KUnit runner's cases
 * (kunit.cc) both run inside them.  Always inlined, so that the locks'
 * "at:" lines name the function that runs the code inside, not a helper.
 *
 * Include it after run.h.
 */
#pragma once

#include <vector>

#include <linux/irqflags.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

namespace kctx {

/* Enter c's decorations in order; the saved IRQ flags go to flags. */
static __always_inline void enter_decor(const Ctx &c, std::vector<unsigned long> &flags)
{
	NamedLock *l = nullptr;
	for (size_t i = 0; i < c.decor.size(); i++) {
		switch (c.decor[i]) {
		case Decor::irqs_off: flags.push_back(arch_local_irq_save()); break;
		case Decor::preempt_off: preempt_disable(); break;
		case Decor::bh_off: local_bh_disable(); break;
		case Decor::rcu: rcu_read_lock(); break;
		case Decor::rcu_bh: rcu_read_lock_bh(); break;
		case Decor::rcu_sched: rcu_read_lock_sched(); break;
		case Decor::spin: l = lock_named(c.lock(i)); spin_lock(&l->spin); break;
		case Decor::spin_irqsave: l = lock_named(c.lock(i)); flags.push_back(_spin_lock_irqsave(&l->spin)); break;
		case Decor::spin_bh: l = lock_named(c.lock(i)); spin_lock_bh(&l->spin); break;
		case Decor::raw_spin: l = lock_named(c.lock(i)); raw_spin_lock(&l->raw); break;
		case Decor::mutex: l = lock_named(c.lock(i)); mutex_lock(&l->mtx); break;
		default: break;
		}
	}
	(void)l;	/* the locks live in the run's table until it ends */
}

/* Leave them in reverse. */
static __always_inline void leave_decor(const Ctx &c, std::vector<unsigned long> &flags)
{
	for (size_t i = c.decor.size(); i-- > 0;) {
		switch (c.decor[i]) {
		case Decor::irqs_off: arch_local_irq_restore(flags.back()); flags.pop_back(); break;
		case Decor::preempt_off: preempt_enable(); break;
		case Decor::bh_off: local_bh_enable(); break;
		case Decor::rcu: rcu_read_unlock(); break;
		case Decor::rcu_bh: rcu_read_unlock_bh(); break;
		case Decor::rcu_sched: rcu_read_unlock_sched(); break;
		case Decor::spin: spin_unlock(&lock_named(c.lock(i))->spin); break;
		case Decor::spin_irqsave:
			spin_unlock_irqrestore(&lock_named(c.lock(i))->spin, flags.back());
			flags.pop_back();
			break;
		case Decor::spin_bh: spin_unlock_bh(&lock_named(c.lock(i))->spin); break;
		case Decor::raw_spin: raw_spin_unlock(&lock_named(c.lock(i))->raw); break;
		case Decor::mutex: mutex_unlock(&lock_named(c.lock(i))->mtx); break;
		default: break;
		}
	}
}

} /* namespace kctx */
