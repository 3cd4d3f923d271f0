/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model: RCU.  Readers change preempt_count or the task's nesting
 * exactly as the configured flavour does; callbacks run after a real grace
 * period in the configured callback context; the lockdep checks are real.
 */
#ifndef _KSHIM_LINUX_RCUPDATE_H
#define _KSHIM_LINUX_RCUPDATE_H
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>

extern struct lockdep_map rcu_lock_map;
extern struct lockdep_map rcu_bh_lock_map;
extern struct lockdep_map rcu_sched_lock_map;
extern struct lockdep_map rcu_callback_map;

void rcu_read_lock(void);
void rcu_read_unlock(void);
void rcu_read_lock_bh(void);
void rcu_read_unlock_bh(void);
void rcu_read_lock_sched(void);
void rcu_read_unlock_sched(void);
int rcu_read_lock_held(void);
int rcu_read_lock_bh_held(void);
int rcu_read_lock_sched_held(void);
int rcu_read_lock_any_held(void);
int rcu_preempt_depth(void);
bool rcu_is_watching(void);	/* stub: no kernel code runs where RCU stops watching */

void call_rcu(struct rcu_head *head, rcu_callback_t func);
void call_rcu_hurry(struct rcu_head *head, rcu_callback_t func);
void synchronize_rcu(void);
void synchronize_rcu_expedited(void);
void rcu_barrier(void);
void kvfree_call_rcu(struct rcu_head *head, void *ptr);
#define kfree_rcu(ptr, rhf)	kvfree_call_rcu(&((ptr)->rhf), (void *)(ptr))
#define kvfree_rcu(ptr, rhf)	kfree_rcu(ptr, rhf)

/* "WARNING: suspicious RCU usage" */
void lockdep_rcu_suspicious(const char *file, const int line, const char *s);
#define RCU_LOCKDEP_WARN(c, s) RCU_LOCKDEP_WARN_AT(c, s, __FILE__, __LINE__)
/* kshim's models name the kernel line the check is expanded at */
#define RCU_LOCKDEP_WARN_AT(c, s, file, line)				\
	do {								\
		static bool __warned;					\
		if ((c) && !__warned) {					\
			__warned = true;				\
			kshim::register_once(&__warned);		\
			lockdep_rcu_suspicious(file, line, s);		\
		}							\
	} while (0)
void rcu_sleep_check(void);

#define __rcu_access_pointer(p)		READ_ONCE(p)	/* dup */
#define rcu_access_pointer(p)		READ_ONCE(p)	/* dup */
#define rcu_dereference_check(p, c) ({						\
	RCU_LOCKDEP_WARN(!(c), "suspicious rcu_dereference_check() usage");	\
	READ_ONCE(p);								\
})
#define rcu_dereference_bh_check(p, c) ({					\
	RCU_LOCKDEP_WARN(!(c), "suspicious rcu_dereference_bh_check() usage");	\
	READ_ONCE(p);								\
})
#define rcu_dereference_sched_check(p, c) ({					\
	RCU_LOCKDEP_WARN(!(c), "suspicious rcu_dereference_sched_check() usage");	\
	READ_ONCE(p);								\
})
#define rcu_dereference_protected(p, c) ({					\
	RCU_LOCKDEP_WARN(!(c), "suspicious rcu_dereference_protected() usage");	\
	(p);									\
})
#define rcu_dereference(p)		rcu_dereference_check(p, rcu_read_lock_held())
#define rcu_dereference_bh(p)		rcu_dereference_bh_check(p, rcu_read_lock_bh_held())
#define rcu_dereference_sched(p)	rcu_dereference_sched_check(p, rcu_read_lock_sched_held())
/* dup */
#define rcu_dereference_raw(p)		READ_ONCE(p)
#define rcu_assign_pointer(p, v)	do { __atomic_thread_fence(__ATOMIC_RELEASE); WRITE_ONCE(p, v); } while (0)
#define RCU_INIT_POINTER(p, v)		WRITE_ONCE(p, v)
#define rcu_head_init(rhp)		((rhp)->func = (rcu_callback_t)~0L)

#include <linux/bug.h>
#endif
